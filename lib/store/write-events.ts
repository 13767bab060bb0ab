import "server-only";
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import type { AuditEvent } from "../events/audit-event";
import { isInterval, recordCoverage, type CoverageSource, type Interval } from "./coverage";
import { StoreError } from "./errors";
import {
  EVENT_COLUMNS,
  FROM_STAGING_SQL,
  eventFromRow,
  STAGING_COLUMNS_SQL,
  eventRow,
  searchText,
  unstorableReason,
  type Origin,
  type StoredValue,
} from "./event-row";
import type { Store } from "./open-store";
import { writeSyncState, type SyncStatePatch } from "./sync-state";

/**
 * Rows reach `events` through DuckDB's appender into a temporary staging table, then one
 * INSERT … SELECT … ON CONFLICT DO NOTHING: binding every value of a multi-row INSERT as a parameter
 * cost about 2.5 ms per event, the appender a few microseconds.
 */
const STAGING = "events_staging";

function appendValue(appender: DuckDBAppender, value: StoredValue) {
  if (value === null) appender.appendNull();
  else if (typeof value === "boolean") appender.appendBoolean(value);
  else if (typeof value === "number") appender.appendBigInt(BigInt(value));
  else appender.appendVarchar(value);
}

/** Rows into a temporary table through DuckDB's appender. */
async function appendRows(connection: DuckDBConnection, table: string, rows: readonly StoredValue[][]) {
  const appender = await connection.createAppender(table, "main", "temp");
  try {
    for (const row of rows) {
      for (const value of row) appendValue(appender, value);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function insertRows(connection: DuckDBConnection, rows: readonly StoredValue[][]): Promise<number> {
  if (rows.length === 0) return 0;
  // Made anew each time: rows deleted from a table stay in its storage, and every later scan reads them.
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGING} (${STAGING_COLUMNS_SQL})`);
  await appendRows(connection, STAGING, rows);
  try {
    const result = await connection.run(
      // An anti-join, not ON CONFLICT DO NOTHING, whose cost grew with the table (3 s for 2,500 rows
      // into 90,000). (account, eventId) is the stricter key: the primary key adds only the region.
      `INSERT INTO events (${EVENT_COLUMNS.join(", ")}) SELECT ${FROM_STAGING_SQL} FROM ${STAGING} AS s ` +
        "WHERE NOT EXISTS (SELECT 1 FROM events AS e WHERE e.account_id = s.account_id AND e.event_id = s.event_id)",
    );
    return result.rowsChanged;
  } finally {
    await connection.run(`DROP TABLE ${STAGING}`);
  }
}

/**
 * Event history names resources a record does not hold (LookupEvents' Resources: an instance ID, a
 * role name), and a ResourceName filter answered in SQL must find what LookupEvents finds. So when Event
 * history returns an event first stored from the trail archive, the row takes the resources of both
 * copies (the stored ones first); its record, origin and every other column stay the archive's.
 */
async function mergeHistoryResources(connection: DuckDBConnection, events: readonly AuditEvent[]) {
  const byKey = new Map(events.map((e) => [JSON.stringify([e.accountId, e.eventId]), e]));
  const stored = await connection.runAndReadAll(
    "SELECT account_id, event_id, event_json, record_json FROM events WHERE origin = 'archive' " +
      "AND event_id IN (SELECT unnest(CAST(CAST(? AS JSON) AS VARCHAR[])))",
    [JSON.stringify([...new Set(events.map((e) => e.eventId))])],
  );
  const merged: StoredValue[][] = [];
  for (const [account, eventId, eventJson, recordJson] of stored.getRows()) {
    const history = byKey.get(JSON.stringify([String(account), String(eventId)]));
    if (!history) continue;
    const event = eventFromRow(String(eventJson), String(recordJson), "archive");
    const names = new Set(event.resources.map((r) => r.name));
    const added = history.resources.filter((r) => !names.has(r.name));
    if (added.length === 0) continue;
    const resources = [...event.resources, ...added];
    const { raw: _raw, origin: _origin, ...normalized } = { ...event, resources };
    merged.push([
      event.accountId,
      event.eventId,
      JSON.stringify(resources.map((r) => r.name)),
      JSON.stringify(resources.map((r) => r.type)),
      searchText({ ...event, resources }, String(recordJson)),
      JSON.stringify(normalized),
    ]);
  }
  if (merged.length === 0) return;
  await connection.run(
    "CREATE OR REPLACE TEMP TABLE merged_resources (account_id VARCHAR, event_id VARCHAR, " +
      "resource_names VARCHAR, resource_types VARCHAR, search_text VARCHAR, event_json VARCHAR)",
  );
  await appendRows(connection, "merged_resources", merged);
  try {
    await connection.run(
      "UPDATE events SET resource_names = CAST(CAST(m.resource_names AS JSON) AS VARCHAR[]), " +
        "resource_types = CAST(CAST(m.resource_types AS JSON) AS VARCHAR[]), search_text = m.search_text, " +
        "event_json = m.event_json FROM merged_resources AS m " +
        "WHERE events.account_id = m.account_id AND events.event_id = m.event_id",
    );
  } finally {
    await connection.run("DROP TABLE merged_resources");
  }
}

export interface ImportedFile {
  key: string;
  etag: string | null;
  size: number;
}

export interface WriteOptions {
  origin: Origin;
  /** The trail file the events were read from (origin `archive`). */
  archiveKey?: string;
  /**
   * The interval of one source that these events are the complete read of. It is recorded in the same
   * transaction as the events, so the store never claims an interval it does not hold.
   */
  coverage?: { source: CoverageSource; interval: Interval };
  /** The sync's bookkeeping for the coverage source, committed with the events it describes. */
  syncState?: SyncStatePatch;
  now?: Date;
}

/** One trail file read whole: its events, and what identifies the file (key, ETag, size). */
export interface ArchiveFileBatch {
  file: ImportedFile;
  events: readonly AuditEvent[];
}

export interface WriteResult {
  inserted: number;
  /** Already in the store (from an earlier read, the other origin, or twice in this batch). */
  alreadyPresent: number;
  /** Events without an ID, account, region or valid time, which cannot be stored. */
  rejected: number;
}

function checkBatch(events: readonly AuditEvent[], options: WriteOptions) {
  const { coverage } = options;
  if (options.archiveKey !== undefined && options.origin !== "archive") {
    throw new StoreError("invalid-batch", "archiveKey applies only to events from the archive");
  }
  if (options.syncState && !coverage) {
    throw new StoreError("invalid-batch", "syncState applies only to a batch with coverage");
  }
  if (!coverage) return;
  const { source, interval } = coverage;
  if (!isInterval(interval)) {
    throw new StoreError("invalid-batch", `coverage [${interval.start}, ${interval.end}] is not an interval`);
  }
  if (source.origin !== options.origin) {
    throw new StoreError("invalid-batch", `coverage of ${source.origin} given for ${options.origin} events`);
  }
  for (const event of events) {
    const reason = unstorableReason(event);
    const time = Date.parse(event.eventTime);
    // A read that cannot be stored whole is not a complete read: recording coverage would hide the gap.
    if (reason)
      throw new StoreError("invalid-batch", `event ${event.eventId || "?"} cannot be stored: ${reason}`);
    if (event.accountId !== source.account || event.awsRegion !== source.region) {
      throw new StoreError(
        "invalid-batch",
        `event ${event.eventId} is from ${event.accountId}/${event.awsRegion}, not ${source.account}/${source.region}`,
      );
    }
    if (time < interval.start || time > interval.end) {
      throw new StoreError("invalid-batch", `event ${event.eventId} is outside the covered interval`);
    }
  }
}

interface Keyed {
  rows: StoredValue[][];
  rejected: number;
  repeated: number;
}

/** The storable events as rows, each (account, eventId) once; the rest counted. */
function toRows(events: Iterable<{ event: AuditEvent; archiveKey: string | null }>, origin: Origin): Keyed {
  const seen = new Set<string>();
  const keyed: Keyed = { rows: [], rejected: 0, repeated: 0 };
  for (const { event, archiveKey } of events) {
    if (unstorableReason(event)) {
      keyed.rejected++;
      continue;
    }
    const key = JSON.stringify([event.accountId, event.eventId]);
    if (seen.has(key)) {
      keyed.repeated++;
      continue;
    }
    seen.add(key);
    keyed.rows.push(eventRow(event, origin, archiveKey));
  }
  return keyed;
}

const result = (keyed: Keyed, inserted: number): WriteResult => ({
  inserted,
  alreadyPresent: keyed.rows.length - inserted + keyed.repeated,
  rejected: keyed.rejected,
});

/**
 * Stores a batch of events once each (key (account, region, eventId); an eventId is also unique per
 * account, so the archive and Event history copies of one event are stored once, the first one kept,
 * with Event history's resources added to an archive copy: see mergeHistoryResources).
 */
export async function writeEvents(
  store: Store,
  events: readonly AuditEvent[],
  options: WriteOptions,
): Promise<WriteResult> {
  checkBatch(events, options);
  const archiveKey = options.archiveKey ?? null;
  const keyed = toRows(
    events.map((event) => ({ event, archiveKey })),
    options.origin,
  );
  const inserted = await store.write(async (connection) => {
    const count = await insertRows(connection, keyed.rows);
    // Only a batch with events already stored can hold archive copies to complete.
    if (options.origin === "history" && count < keyed.rows.length) {
      await mergeHistoryResources(
        connection,
        events.filter((e) => !unstorableReason(e)),
      );
    }
    if (options.coverage)
      await recordCoverage(connection, options.coverage.source, options.coverage.interval);
    if (options.syncState && options.coverage) {
      const now = (options.now ?? new Date()).getTime();
      await writeSyncState(connection, options.coverage.source, options.syncState, now);
    }
    return count;
  });
  return result(keyed, inserted);
}

/**
 * Stores the events of whole trail files (origin `archive`, each event keyed to its file) and records
 * the files as imported in the same transaction: a resumed import skips exactly the files whose
 * events are stored. Many files per call, because a transaction costs milliseconds and a file can
 * hold a handful of events.
 */
export async function writeArchiveFiles(
  store: Store,
  files: readonly ArchiveFileBatch[],
  now: Date = new Date(),
): Promise<WriteResult> {
  const keyed = toRows(
    files.flatMap(({ file, events }) => events.map((event) => ({ event, archiveKey: file.key }))),
    "archive",
  );
  const inserted = await store.write(async (connection) => {
    const count = await insertRows(connection, keyed.rows);
    // Replaced, not upserted, so the rows can go through the appender. The keys are unnested once in a
    // subquery: as an argument of list_contains, their cast from JSON ran again for every stored row.
    await connection.run(
      "DELETE FROM imported_files WHERE key IN (SELECT unnest(CAST(CAST(? AS JSON) AS VARCHAR[])))",
      [JSON.stringify(files.map(({ file }) => file.key))],
    );
    const appender = await connection.createAppender("imported_files");
    try {
      for (const { file, events } of files) {
        appender.appendVarchar(file.key);
        appendValue(appender, file.etag);
        appender.appendBigInt(BigInt(file.size));
        appender.appendInteger(events.length);
        appender.appendBigInt(BigInt(now.getTime()));
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return count;
  });
  return result(keyed, inserted);
}

/** The files imported whole under a key prefix, by key: one query for a listing instead of one per file. */
export async function importedFilesUnder(store: Store, prefix: string): Promise<Map<string, ImportedFile>> {
  return store.read(async (connection) => {
    const reader = await connection.runAndReadAll(
      "SELECT key, etag, size FROM imported_files WHERE starts_with(key, ?)",
      [prefix],
    );
    return new Map(
      reader
        .getRows()
        .map(([key, etag, size]) => [
          String(key),
          { key: String(key), etag: etag === null ? null : String(etag), size: Number(size) },
        ]),
    );
  });
}

/** Whether a trail file (same key, and same ETag and size when known) was already imported whole. */
export async function isImported(store: Store, file: ImportedFile): Promise<boolean> {
  return store.read(async (connection) => {
    const reader = await connection.runAndReadAll(
      "SELECT 1 FROM imported_files WHERE key = ? AND size = ? AND etag IS NOT DISTINCT FROM ?",
      [file.key, file.size, file.etag],
    );
    return reader.currentRowCount > 0;
  });
}
