import "server-only";
import { streamEvents } from "../sources/history/stream-events";
import type { SourceStatus } from "../events/api-contract";
import type { EventQuery } from "../query/event-query";
import { MAX_LIMIT } from "../query/fields";
import { chooseInterval } from "../facets/activity-buckets";
import type { Store } from "../store/open-store";
import { storeStats, type HistogramBucket } from "../store/stats";
import type { FacetValue } from "../facets/facet-counts";

/**
 * Whole-window statistics (`GET /api/events/stats`). The parts of the window the store does not cover
 * are fetched first, through the same hybrid read as `/api/events` (which writes what it reads into the
 * store): then every matching event of the window is in the store, even for a filter LookupEvents
 * applied itself, and one GROUP BY counts them all. When that read cannot finish (a source failed, or
 * more than MAX_LIMIT matching events are still uncovered) `coverage.complete` is false and the counts
 * are those of the events held.
 */

export interface WindowStats {
  total: number;
  facets: Record<string, FacetValue[]>;
  histogram: HistogramBucket[];
  /** Bucket width in ms. */
  interval: number;
  window: { start: string; end: string };
  coverage: { complete: boolean; sources: SourceStatus[] };
  apiCalls: number;
}

export async function windowStats(
  store: Store,
  query: EventQuery,
  options: { signal?: AbortSignal; interval?: number } = {},
): Promise<WindowStats> {
  let apiCalls = 0;
  let complete = false;
  let sources: SourceStatus[] = [];
  // Only the uncovered segments cost calls; the covered ones are paged from SQL and dropped here.
  for await (const message of streamEvents(
    { ...query, limit: MAX_LIMIT },
    { signal: options.signal, store },
  )) {
    if (message.type === "done") {
      apiCalls = message.apiCalls;
      complete = message.complete;
      sources = message.sources;
    }
  }
  const interval = options.interval ?? chooseInterval(query.end.getTime() - query.start.getTime());
  const stats = await storeStats(store, query, { interval, origin: "history" });
  return {
    ...stats,
    interval,
    window: { start: query.start.toISOString(), end: query.end.toISOString() },
    coverage: { complete, sources },
    apiCalls,
  };
}
