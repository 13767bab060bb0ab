import "server-only";
import type { Source } from "../sources/history/lookup";
import { toSourceError } from "../aws/errors";
import { historySource } from "../store/coverage";
import type { Store } from "../store/open-store";
import { writeSyncState } from "../store/sync-state";
import { readPlan, syncWindow, type LookupFn } from "./sync";

/**
 * Keeps every source in use synced: one loop per (account, region) that refreshes every interval
 * (or at once on "Refresh now") and, in between, backfills in short steps so a refresh never waits
 * behind a 90-day backfill. Sources run side by side; each has its own rate limit at AWS.
 */

/** Pages per backfill step: ~10 s at AWS's rate, so a due refresh or a stop waits at most that long. */
export const BACKFILL_STEP_PAGES = 20;

export interface SchedulerOptions {
  store: Store;
  lookup: LookupFn;
  days: number;
  intervalMs: number;
  now?: () => number;
  describeError?: (error: unknown) => string;
}

export interface SourceActivity {
  accountId: string;
  region: string;
  phase: "starting" | "refresh" | "backfill" | "idle" | "failed" | "stopped";
  /** LookupEvents calls and events read by this process's sync. */
  apiCalls: number;
  eventsRead: number;
  startedMs: number;
  lastRefreshMs: number | null;
  error: string | null;
}

interface Entry {
  source: Source;
  activity: SourceActivity;
  refreshRequested: boolean;
  lastRefreshDone: number | null;
  wake: (() => void) | undefined;
  waiters: (() => void)[];
  /** Resolved when the source next has nothing to read (or fails). */
  idleWaiters: (() => void)[];
  done: Promise<void>;
}

const keyOf = (source: Source) => `${source.account.id}/${source.region}`;

export class SyncScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly controller = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Starts syncing the sources not synced yet; a no-op for the others. */
  ensure(sources: readonly Source[]): void {
    if (this.stopped) return;
    for (const source of sources) {
      const key = keyOf(source);
      if (this.entries.has(key)) continue;
      const entry: Entry = {
        source,
        activity: {
          accountId: source.account.id,
          region: source.region,
          phase: "starting",
          apiCalls: 0,
          eventsRead: 0,
          startedMs: this.now(),
          lastRefreshMs: null,
          error: null,
        },
        refreshRequested: false,
        lastRefreshDone: null,
        wake: undefined,
        waiters: [],
        idleWaiters: [],
        done: Promise.resolve(),
      };
      this.entries.set(key, entry);
      entry.done = this.loop(entry);
    }
  }

  /** Refreshes the given sources (default: every synced one) now; resolves when each has tried once. */
  refreshNow(sources?: readonly Source[]): Promise<void> {
    if (sources) this.ensure(sources);
    const keys = sources ? new Set(sources.map(keyOf)) : undefined;
    const waits: Promise<void>[] = [];
    for (const [key, entry] of this.entries) {
      if (keys && !keys.has(key)) continue;
      entry.refreshRequested = true;
      waits.push(new Promise((resolve) => entry.waiters.push(resolve)));
      entry.wake?.();
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Resolves when every source has synced everything it can (or failed): tests and the first launch. */
  settled(): Promise<void> {
    return Promise.all(
      [...this.entries.values()].map((entry) =>
        entry.activity.phase === "idle" || entry.activity.phase === "failed" || this.stopped
          ? undefined
          : new Promise<void>((resolve) => entry.idleWaiters.push(resolve)),
      ),
    ).then(() => undefined);
  }

  activity(): SourceActivity[] {
    return [...this.entries.values()].map((e) => ({ ...e.activity }));
  }

  /** Stops every loop after its current page; what was committed stays, the rest is read next time. */
  async stop(): Promise<void> {
    this.controller.abort();
    for (const entry of this.entries.values()) entry.wake?.();
    await Promise.all([...this.entries.values()].map((e) => e.done));
    for (const entry of this.entries.values()) this.settle(entry);
  }

  private settle(entry: Entry, idle = false) {
    for (const resolve of entry.waiters.splice(0)) resolve();
    if (idle || this.stopped) for (const resolve of entry.idleWaiters.splice(0)) resolve();
  }

  private sleep(entry: Entry, ms: number): Promise<void> {
    if (this.stopped || entry.refreshRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        entry.wake = undefined;
        resolve();
      }
      entry.wake = done;
    });
  }

  private recordBackfill(entry: Entry, nextEnd: number | null, done: boolean) {
    return this.options.store.write((c) =>
      writeSyncState(
        c,
        historySource(entry.source),
        { backfillNextEndMs: nextEnd, backfillDone: done },
        this.now(),
      ),
    );
  }

  private async loop(entry: Entry): Promise<void> {
    const { store, days, intervalMs } = this.options;
    const context = {
      store,
      signal: this.controller.signal,
      lookup: ((source, params) =>
        this.options.lookup(source, params).then((page) => {
          entry.activity.apiCalls += page.apiCalls;
          entry.activity.eventsRead += page.events.length;
          return page;
        })) satisfies LookupFn,
    };
    while (!this.stopped) {
      const now = this.now();
      try {
        const plan = await readPlan(store, entry.source, { now, days });
        const due =
          entry.refreshRequested ||
          entry.lastRefreshDone === null ||
          now - entry.lastRefreshDone >= intervalMs;
        if (plan.refresh && due) {
          entry.activity.phase = "refresh";
          entry.refreshRequested = false;
          await syncWindow(context, entry.source, plan.refresh, { refreshedAt: plan.refresh.end });
          entry.lastRefreshDone = now;
          entry.activity.lastRefreshMs = plan.refresh.end;
          entry.activity.error = null;
          this.settle(entry);
          continue;
        }
        if (plan.backfill) {
          entry.activity.phase = "backfill";
          await syncWindow(context, entry.source, plan.backfill, { maxPages: BACKFILL_STEP_PAGES });
          await this.recordBackfill(entry, plan.backfill.end, false);
          entry.activity.error = null;
          continue;
        }
        if (entry.activity.phase !== "idle") await this.recordBackfill(entry, null, true);
        entry.activity.phase = "idle";
        entry.lastRefreshDone ??= now;
        this.settle(entry, true);
        await this.sleep(entry, entry.lastRefreshDone + intervalMs - this.now());
      } catch (error) {
        if (this.stopped) break;
        const reason = this.options.describeError?.(error) ?? describe(error);
        entry.activity.phase = "failed";
        entry.activity.error = reason;
        entry.refreshRequested = false;
        await store
          .write((c) => writeSyncState(c, historySource(entry.source), { lastError: reason }, this.now()))
          .catch(() => undefined);
        this.settle(entry, true);
        await this.sleep(entry, intervalMs);
      }
    }
    entry.activity.phase = "stopped";
  }
}

function describe(error: unknown): string {
  const { code, message } = toSourceError(error);
  return `${code}: ${message}`;
}
