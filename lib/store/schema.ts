import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import { StoreError } from "./errors";

/**
 * The store's tables, as an ordered list of migrations: `MIGRATIONS[i]` takes a store from version i to
 * i + 1, so a store written by any older Trailscope is brought up to date in place, in one transaction.
 *
 * Derived columns (`action_kind`, `client`, the lowercased search columns) are computed by this
 * version's code at write time; a change to how they are derived needs a migration that recomputes them.
 */

const V1_EVENTS = `
CREATE TABLE events (
  account_id VARCHAR NOT NULL,
  aws_region VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL,
  event_ms BIGINT NOT NULL,
  event_name VARCHAR NOT NULL,
  event_source VARCHAR NOT NULL,
  read_only BOOLEAN NOT NULL,
  username VARCHAR,
  identity_type VARCHAR NOT NULL,
  access_key_id VARCHAR,
  source_ip VARCHAR,
  source_ip_lower VARCHAR,
  source_ip_hex VARCHAR,
  client VARCHAR NOT NULL,
  error_code VARCHAR,
  error_code_lower VARCHAR,
  resource_names VARCHAR[] NOT NULL,
  resource_types VARCHAR[] NOT NULL,
  action_kind VARCHAR NOT NULL,
  event_category VARCHAR NOT NULL,
  text_fields VARCHAR[] NOT NULL,
  record_lower VARCHAR NOT NULL,
  event_json JSON NOT NULL,
  record_json JSON NOT NULL,
  origin VARCHAR NOT NULL CHECK (origin IN ('history', 'archive')),
  archive_key VARCHAR,
  PRIMARY KEY (account_id, aws_region, event_id),
  UNIQUE (account_id, event_id)
)`;

const V1_COVERAGE = `
CREATE TABLE coverage (
  origin VARCHAR NOT NULL CHECK (origin IN ('history', 'archive')),
  account_id VARCHAR NOT NULL,
  aws_region VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL CHECK (end_ms >= start_ms),
  PRIMARY KEY (origin, account_id, aws_region, start_ms)
)`;

const V2_IMPORTED_FILES = `
CREATE TABLE imported_files (
  key VARCHAR PRIMARY KEY,
  etag VARCHAR,
  size BIGINT NOT NULL,
  events INTEGER NOT NULL,
  imported_ms BIGINT NOT NULL
)`;

const V2_SYNC_STATE = `
CREATE TABLE sync_state (
  origin VARCHAR NOT NULL CHECK (origin IN ('history', 'archive')),
  account_id VARCHAR NOT NULL,
  aws_region VARCHAR NOT NULL,
  backfill_next_end_ms BIGINT,
  backfill_done BOOLEAN NOT NULL DEFAULT false,
  last_refresh_ms BIGINT,
  last_error VARCHAR,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (origin, account_id, aws_region)
)`;

/**
 * v3: the two JSON columns stored uncompressed. A page reads them for its few hundred rows only, but
 * DuckDB's string compression (FSST) decodes a whole vector to fetch one row: on a 300,000-event store
 * a broad page of 501 rows spent ~170 of its ~185 ms there, ~40 ms in all once uncompressed. Filters
 * and free text never read these columns (record_lower stays compressed for its scan).
 */
const V3_EVENTS = `
CREATE TABLE events_v3 (
  account_id VARCHAR NOT NULL,
  aws_region VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL,
  event_ms BIGINT NOT NULL,
  event_name VARCHAR NOT NULL,
  event_source VARCHAR NOT NULL,
  read_only BOOLEAN NOT NULL,
  username VARCHAR,
  identity_type VARCHAR NOT NULL,
  access_key_id VARCHAR,
  source_ip VARCHAR,
  source_ip_lower VARCHAR,
  source_ip_hex VARCHAR,
  client VARCHAR NOT NULL,
  error_code VARCHAR,
  error_code_lower VARCHAR,
  resource_names VARCHAR[] NOT NULL,
  resource_types VARCHAR[] NOT NULL,
  action_kind VARCHAR NOT NULL,
  event_category VARCHAR NOT NULL,
  text_fields VARCHAR[] NOT NULL,
  record_lower VARCHAR NOT NULL,
  event_json JSON NOT NULL USING COMPRESSION uncompressed,
  record_json JSON NOT NULL USING COMPRESSION uncompressed,
  origin VARCHAR NOT NULL CHECK (origin IN ('history', 'archive')),
  archive_key VARCHAR,
  PRIMARY KEY (account_id, aws_region, event_id),
  UNIQUE (account_id, event_id)
)`;

/** Rebuilds `events` with the v3 definition, keeping every row (DuckDB cannot alter a column's compression). */
const V3_REBUILD = [
  V3_EVENTS,
  "INSERT INTO events_v3 SELECT * FROM events",
  "DROP TABLE events",
  "ALTER TABLE events_v3 RENAME TO events",
];

/**
 * v4: free text searches one column. `search_text` is the lowercased record followed by each
 * lowercased free-text field the record does not already contain, each after a NUL (which `q` may not
 * hold, so a match never spans two texts). A field inside the record adds nothing: any needle in it is
 * in the record too. On 1,000,000 events the scan of the v3 `text_fields` list alone took ~620 ms, the
 * record's ~250 ms; the pruned fields add a few bytes a row.
 */
const V4_EVENTS = `
CREATE TABLE events_v4 (
  account_id VARCHAR NOT NULL,
  aws_region VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL,
  event_ms BIGINT NOT NULL,
  event_name VARCHAR NOT NULL,
  event_source VARCHAR NOT NULL,
  read_only BOOLEAN NOT NULL,
  username VARCHAR,
  identity_type VARCHAR NOT NULL,
  access_key_id VARCHAR,
  source_ip VARCHAR,
  source_ip_lower VARCHAR,
  source_ip_hex VARCHAR,
  client VARCHAR NOT NULL,
  error_code VARCHAR,
  error_code_lower VARCHAR,
  resource_names VARCHAR[] NOT NULL,
  resource_types VARCHAR[] NOT NULL,
  action_kind VARCHAR NOT NULL,
  event_category VARCHAR NOT NULL,
  search_text VARCHAR NOT NULL,
  event_json JSON NOT NULL USING COMPRESSION uncompressed,
  record_json JSON NOT NULL USING COMPRESSION uncompressed,
  origin VARCHAR NOT NULL CHECK (origin IN ('history', 'archive')),
  archive_key VARCHAR,
  PRIMARY KEY (account_id, aws_region, event_id),
  UNIQUE (account_id, event_id)
)`;

/**
 * The v3 columns v4 keeps, in order; `search_text` is derived from the two it replaces, as event-row.ts
 * does. Spelled out rather than taken from EVENT_COLUMNS: a migration must not change when later
 * versions' columns do.
 */
const V4_KEPT = [
  "account_id",
  "aws_region",
  "event_id",
  "event_ms",
  "event_name",
  "event_source",
  "read_only",
  "username",
  "identity_type",
  "access_key_id",
  "source_ip",
  "source_ip_lower",
  "source_ip_hex",
  "client",
  "error_code",
  "error_code_lower",
  "resource_names",
  "resource_types",
  "action_kind",
  "event_category",
].join(", ");
const V4_SEARCH_TEXT =
  "record_lower || array_to_string(list_transform(" +
  "list_filter(text_fields, f -> strpos(record_lower, f) = 0), f -> chr(0) || f), '')";

const V4_REBUILD = [
  V4_EVENTS,
  `INSERT INTO events_v4 SELECT ${V4_KEPT}, ${V4_SEARCH_TEXT}, event_json, record_json, origin, archive_key FROM events`,
  "DROP TABLE events",
  "ALTER TABLE events_v4 RENAME TO events",
  // Rows imported from the archive before v4 lack the resources Event history adds (write-events.ts's
  // mergeHistoryResources): forgetting the history coverage that holds them makes the sync read it again.
  "DELETE FROM coverage AS c WHERE c.origin = 'history' AND EXISTS (SELECT 1 FROM events AS e " +
    "WHERE e.origin = 'archive' AND e.account_id = c.account_id AND e.aws_region = c.aws_region " +
    "AND e.event_ms BETWEEN c.start_ms AND c.end_ms)",
];

/** v1: the event cache and what it covers; v2: archive import and sync bookkeeping; v3, v4: see their tables. */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [V1_EVENTS, V1_COVERAGE],
  [V2_IMPORTED_FILES, V2_SYNC_STATE],
  V3_REBUILD,
  V4_REBUILD,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

async function readVersion(connection: DuckDBConnection): Promise<number> {
  await connection.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const reader = await connection.runAndReadAll("SELECT max(version) AS version FROM schema_version");
  const value = reader.getRowObjectsJS()[0]?.version;
  return typeof value === "number" ? value : 0;
}

/** Brings the store to `target` (default: this version's schema); refuses a store written by a newer Trailscope. */
export async function migrate(
  connection: DuckDBConnection,
  file: string,
  target: number = SCHEMA_VERSION,
): Promise<{ from: number; to: number }> {
  const from = await readVersion(connection);
  if (from > SCHEMA_VERSION) {
    throw new StoreError(
      "newer-schema",
      `The store ${file} was written by a newer Trailscope (schema ${from}; this one reads up to ${SCHEMA_VERSION}); ` +
        "running without it. Upgrade Trailscope, or set TRAILSCOPE_STORE to another file.",
    );
  }
  if (from >= target) return { from, to: from };
  await connection.run("BEGIN TRANSACTION");
  try {
    for (let version = from; version < target; version++) {
      for (const statement of MIGRATIONS[version] ?? []) await connection.run(statement);
    }
    await connection.run("DELETE FROM schema_version");
    await connection.run("INSERT INTO schema_version VALUES (?)", [target]);
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
  return { from, to: target };
}
