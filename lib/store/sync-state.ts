import type { DuckDBConnection } from "@duckdb/node-api";
import type { CoverageSource } from "./coverage";

/**
 * Per-source sync bookkeeping (table `sync_state`). Coverage, not this table, says what the store holds:
 * a resumed backfill starts from the newest uncovered interval. This table keeps what coverage cannot:
 * when the last refresh ended, where the backfill is heading, and why the last attempt failed.
 */

export interface SyncState {
  source: CoverageSource;
  /** The end of the interval the backfill reads next (the newest one not yet covered); null once done. */
  backfillNextEndMs: number | null;
  backfillDone: boolean;
  /** When the last complete refresh started reading: the store is complete up to this time. */
  lastRefreshMs: number | null;
  /** Why the last sync attempt of this source failed; null once one succeeds. */
  lastError: string | null;
  updatedMs: number;
}

export type SyncStatePatch = Partial<Omit<SyncState, "source" | "updatedMs">>;

const COLUMNS =
  "origin, account_id, aws_region, backfill_next_end_ms, backfill_done, last_refresh_ms, last_error, updated_ms";

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function fromRow(row: readonly unknown[]): SyncState {
  const [origin, account, region, nextEnd, done, lastRefresh, lastError, updated] = row;
  return {
    source: {
      origin: origin === "archive" ? "archive" : "history",
      account: String(account),
      region: String(region),
    },
    backfillNextEndMs: optionalNumber(nextEnd),
    backfillDone: done === true,
    lastRefreshMs: optionalNumber(lastRefresh),
    lastError: lastError === null || lastError === undefined ? null : String(lastError),
    updatedMs: Number(updated),
  };
}

export async function readSyncStates(connection: DuckDBConnection): Promise<SyncState[]> {
  const reader = await connection.runAndReadAll(
    `SELECT ${COLUMNS} FROM sync_state ORDER BY origin, account_id, aws_region`,
  );
  return reader.getRows().map(fromRow);
}

export async function readSyncState(
  connection: DuckDBConnection,
  source: CoverageSource,
): Promise<SyncState | undefined> {
  const reader = await connection.runAndReadAll(
    `SELECT ${COLUMNS} FROM sync_state WHERE origin = ? AND account_id = ? AND aws_region = ?`,
    [source.origin, source.account, source.region],
  );
  const row = reader.getRows()[0];
  return row ? fromRow(row) : undefined;
}

/** Applies `patch` to a source's state (fields it leaves out keep their value). Call it inside a write. */
export async function writeSyncState(
  connection: DuckDBConnection,
  source: CoverageSource,
  patch: SyncStatePatch,
  now: number,
): Promise<SyncState> {
  const current = await readSyncState(connection, source);
  const next: SyncState = {
    source,
    backfillNextEndMs: current?.backfillNextEndMs ?? null,
    backfillDone: current?.backfillDone ?? false,
    lastRefreshMs: current?.lastRefreshMs ?? null,
    lastError: current?.lastError ?? null,
    ...patch,
    updatedMs: now,
  };
  await connection.run(
    `INSERT INTO sync_state (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, account_id, aws_region) ` +
      "DO UPDATE SET backfill_next_end_ms = excluded.backfill_next_end_ms, backfill_done = excluded.backfill_done, " +
      "last_refresh_ms = excluded.last_refresh_ms, last_error = excluded.last_error, updated_ms = excluded.updated_ms",
    [
      source.origin,
      source.account,
      source.region,
      next.backfillNextEndMs,
      next.backfillDone,
      next.lastRefreshMs,
      next.lastError,
      next.updatedMs,
    ],
  );
  return next;
}
