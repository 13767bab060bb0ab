import "server-only";
import type { AuditEvent } from "../events/audit-event";
import { isInterval, recordCoverage, type CoverageSource, type Interval } from "./coverage";
import { StoreError } from "./errors";
import { EVENT_COLUMNS, ROW_PLACEHOLDERS, eventRow, unstorableReason, type Origin } from "./event-row";
import type { Store } from "./open-store";
import { writeSyncState, type SyncStatePatch } from "./sync-state";

/** Rows per INSERT: DuckDB binds every value as one parameter, and ~2,600 of them stay quick to plan. */
const ROWS_PER_STATEMENT = 100;

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
  /** The trail file the batch is the whole content of, so a resumed import skips it. */
  importedFile?: ImportedFile;
  /** The sync's bookkeeping for the coverage source, committed with the events it describes. */
  syncState?: SyncStatePatch;
  now?: Date;
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

/**
 * Stores a batch of events once each (key (account, region, eventId); an eventId is also unique per
 * account, so the archive and Event history copies of one event are stored once, the first one kept).
 */
export async function writeEvents(
  store: Store,
  events: readonly AuditEvent[],
  options: WriteOptions,
): Promise<WriteResult> {
  checkBatch(events, options);
  const seen = new Set<string>();
  const rows: ReturnType<typeof eventRow>[] = [];
  let rejected = 0;
  let repeated = 0;
  for (const event of events) {
    if (unstorableReason(event)) {
      rejected++;
      continue;
    }
    const key = JSON.stringify([event.accountId, event.eventId]);
    if (seen.has(key)) {
      repeated++;
      continue;
    }
    seen.add(key);
    rows.push(eventRow(event, options.origin, options.archiveKey ?? null));
  }
  const inserted = await store.write(async (connection) => {
    let count = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const result = await connection.run(
        `INSERT INTO events (${EVENT_COLUMNS.join(", ")}) VALUES ${chunk.map(() => ROW_PLACEHOLDERS).join(", ")} ` +
          "ON CONFLICT DO NOTHING",
        chunk.flat(),
      );
      count += result.rowsChanged;
    }
    if (options.coverage)
      await recordCoverage(connection, options.coverage.source, options.coverage.interval);
    if (options.syncState && options.coverage) {
      const now = (options.now ?? new Date()).getTime();
      await writeSyncState(connection, options.coverage.source, options.syncState, now);
    }
    if (options.importedFile) {
      const { key, etag, size } = options.importedFile;
      await connection.run(
        "INSERT INTO imported_files VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET " +
          "etag = excluded.etag, size = excluded.size, events = excluded.events, imported_ms = excluded.imported_ms",
        [key, etag, size, events.length, (options.now ?? new Date()).getTime()],
      );
    }
    return count;
  });
  return { inserted, alreadyPresent: rows.length - inserted + repeated, rejected };
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
