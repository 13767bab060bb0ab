import "server-only";
import type { AuditEvent } from "../events/audit-event";
import type { LookupPage, LookupParams, Source } from "../sources/history/lookup";
import { historySource, readCoverage, uncoveredIntervals, type Interval } from "../store/coverage";
import type { Store } from "../store/open-store";
import { readSyncState } from "../store/sync-state";
import { writeEvents } from "../store/write-events";

/**
 * Copies one (account, region)'s Event history into the store, newest first, through LookupEvents at
 * background priority. Progress is committed every few pages: the events read so far together with the
 * interval they completely cover, in one transaction. Coverage is what a resumed sync plans from, so a
 * crash or a failure loses at most the pages since the last commit and never leaves a gap or a claim
 * the store cannot back.
 */

/** Event history can show an event up to ~15 minutes after its eventTime: a refresh re-reads that much. */
export const REFRESH_OVERLAP_MS = 15 * 60_000;

/** Pages between commits: 500 events a transaction keeps commits cheap and a crash's loss small. */
export const COMMIT_PAGES = 10;

export type LookupFn = (source: Source, params: LookupParams & { token?: string }) => Promise<LookupPage>;

export interface SyncContext {
  store: Store;
  lookup: LookupFn;
  signal?: AbortSignal;
}

export interface WindowRead {
  /** The window was read to its last page (every event of it is stored and covered). */
  complete: boolean;
  apiCalls: number;
  events: number;
}

/**
 * Reads `window` of a source newest first, committing every COMMIT_PAGES pages, and stops after
 * `maxPages` (what was read is committed, so the next call re-plans from coverage). Committed coverage
 * stops just above the oldest second read so far, because the page that follows may hold more events
 * of that same second.
 */
export async function syncWindow(
  context: SyncContext,
  source: Source,
  window: Interval,
  { maxPages = Number.POSITIVE_INFINITY, refreshedAt }: { maxPages?: number; refreshedAt?: number } = {},
): Promise<WindowRead> {
  const coverageSource = historySource(source);
  let top = window.end;
  let pending: AuditEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  let apiCalls = 0;
  let events = 0;

  const commit = async (bottom: number, last: boolean) => {
    if (bottom > top) return;
    const inside = pending.filter((e) => Date.parse(e.eventTime) >= bottom);
    pending = pending.filter((e) => Date.parse(e.eventTime) < bottom);
    await writeEvents(context.store, inside, {
      origin: "history",
      coverage: { source: coverageSource, interval: { start: bottom, end: top } },
      syncState: {
        lastError: null,
        ...(last && refreshedAt !== undefined ? { lastRefreshMs: refreshedAt } : {}),
      },
    });
    top = bottom - 1;
  };

  for (;;) {
    const page = await context.lookup(source, {
      start: new Date(window.start),
      end: new Date(window.end),
      token,
      signal: context.signal,
      priority: "background",
    });
    pages++;
    apiCalls += page.apiCalls;
    events += page.events.length;
    pending.push(...page.events);
    const more = page.nextToken !== undefined && page.nextToken !== token;
    if (!more) {
      await commit(window.start, true);
      return { complete: true, apiCalls, events };
    }
    token = page.nextToken;
    if (pages % COMMIT_PAGES === 0 || pages >= maxPages) {
      // Everything newer than the oldest event read so far is complete; its own time may continue.
      const oldest = Math.min(...pending.map((e) => Date.parse(e.eventTime)));
      if (Number.isFinite(oldest)) await commit(Math.max(oldest + 1, window.start), false);
      if (pages >= maxPages) return { complete: false, apiCalls, events };
    }
  }
}

export interface SyncPlan {
  /** Re-read of the newest part, from the last covered time minus the overlap, up to now. */
  refresh: Interval | null;
  /** The newest interval still missing between now - days and now. */
  backfill: Interval | null;
  /** How much of [now - days, now] the store covers, 0 to 1. */
  progress: number;
  remainingMs: number;
}

/** What a sync of `coverage` should read next at `now`; `refreshedAt`: when the last refresh began. */
export function planSync(
  coverage: readonly Interval[],
  { now, days, refreshedAt }: { now: number; days: number; refreshedAt: number | null },
): SyncPlan {
  const floor = now - days * 86_400_000;
  const covered = coverage.filter((i) => i.end >= floor);
  const newest = covered.length > 0 ? Math.max(...covered.map((i) => i.end)) : null;
  // What is newer than the newest covered time is the refresh's to read; the backfill fills what is older.
  const span = { start: floor, end: newest ?? now };
  const gaps = uncoveredIntervals(coverage, span);
  const remainingMs = gaps.reduce((n, g) => n + g.end - g.start + 1, 0);
  const from = refreshedAt ?? newest;
  const refresh =
    from === null || newest === null
      ? null
      : { start: Math.max(floor, Math.min(from, newest) - REFRESH_OVERLAP_MS), end: now };
  return {
    refresh,
    backfill: gaps.at(-1) ?? null,
    progress: 1 - remainingMs / (now - floor + 1),
    remainingMs,
  };
}

export async function readPlan(
  store: Store,
  source: Source,
  options: { now: number; days: number },
): Promise<SyncPlan> {
  const coverageSource = historySource(source);
  const [coverage, state] = await store.read(
    async (connection) =>
      [
        await readCoverage(connection, coverageSource),
        await readSyncState(connection, coverageSource),
      ] as const,
  );
  return planSync(coverage, { ...options, refreshedAt: state?.lastRefreshMs ?? null });
}
