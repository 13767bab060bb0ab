import "server-only";
import type { Source } from "../sources/history/lookup";
import { getSettings } from "../config";
import { historySource, readCoverage } from "../store/coverage";
import type { Store } from "../store/open-store";
import { sharedStore } from "../store/shared-store";
import { readSyncState } from "../store/sync-state";
import { sharedSync } from "./shared-sync";
import { planSync } from "./sync";
import type { SourceActivity } from "./sync-scheduler";

/** What `GET /api/store/status` answers: per source, how much of Event history the store holds and how fresh. */

export interface SourceSyncStatus {
  accountId: string;
  region: string;
  /** Oldest and newest time held completely (ISO); null before the first sync step. */
  syncedFrom: string | null;
  syncedTo: string | null;
  events: number;
  lastRefresh: string | null;
  /** How far the newest held time is behind now, in seconds. */
  lagSeconds: number | null;
  backfill: { progress: number; done: boolean; etaSeconds: number | null };
  phase: SourceActivity["phase"] | "not-started";
  error: string | null;
}

export interface StoreStatus {
  status: "open" | "off" | "unavailable";
  message?: string;
  location?: string;
  syncDays: number;
  syncIntervalSeconds: number;
  sources: SourceSyncStatus[];
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** A LookupEvents page holds 50 events; the ETA assumes the uncovered time is as busy as the covered time. */
const PAGE_EVENTS = 50;

async function sourceStatus(
  store: Store,
  source: Source,
  activity: SourceActivity | undefined,
  now: number,
): Promise<SourceSyncStatus> {
  const settings = getSettings();
  const coverageSource = historySource(source);
  const [coverage, state, held] = await store.read(
    async (c) =>
      [
        await readCoverage(c, coverageSource),
        await readSyncState(c, coverageSource),
        Number(
          (
            await c.runAndReadAll("SELECT count(*) FROM events WHERE account_id = ? AND aws_region = ?", [
              source.account.id,
              source.region,
            ])
          ).getRows()[0]?.[0] ?? 0,
        ),
      ] as const,
  );
  const plan = planSync(coverage, {
    now,
    days: settings.syncDays,
    refreshedAt: state?.lastRefreshMs ?? null,
  });
  const newest = coverage.at(-1)?.end ?? null;
  const coveredMs = coverage.reduce((n, i) => n + i.end - i.start + 1, 0);
  const eventsPerMs = coveredMs > 0 ? held / coveredMs : 0;
  const pages = Math.ceil((plan.remainingMs * eventsPerMs) / PAGE_EVENTS) + (plan.remainingMs > 0 ? 1 : 0);
  return {
    accountId: source.account.id,
    region: source.region,
    syncedFrom: iso(coverage[0]?.start),
    syncedTo: iso(newest),
    events: held,
    lastRefresh: iso(activity?.lastRefreshMs ?? state?.lastRefreshMs ?? newest),
    lagSeconds: newest === null ? null : Math.max(0, Math.round((now - newest) / 1000)),
    backfill: {
      progress: Math.max(0, Math.min(1, plan.progress)),
      done: plan.backfill === null && newest !== null,
      etaSeconds: newest === null ? null : Math.ceil(pages / settings.rate),
    },
    phase: activity?.phase ?? "not-started",
    error: activity?.error ?? state?.lastError ?? null,
  };
}

export async function storeStatus(sources: Source[], now = Date.now()): Promise<StoreStatus> {
  const settings = getSettings();
  const base = { syncDays: settings.syncDays, syncIntervalSeconds: settings.syncIntervalMs / 1000 };
  const opened = await sharedStore();
  if (opened.status === "off") return { status: "off", ...base, sources: [] };
  if (opened.status === "unavailable") {
    return { status: "unavailable", message: opened.error.message, ...base, sources: [] };
  }
  const activity = new Map(
    ((await sharedSync())?.activity() ?? []).map((a) => [`${a.accountId}/${a.region}`, a]),
  );
  return {
    status: "open",
    location: opened.store.location,
    ...base,
    sources: await Promise.all(
      sources.map((s) => sourceStatus(opened.store, s, activity.get(`${s.account.id}/${s.region}`), now)),
    ),
  };
}
