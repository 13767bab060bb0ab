import "server-only";
import type { FacetValue } from "../facets/facet-counts";
import { FACET_FIELDS } from "../query/fields";
import { compileWhere, type StoreQuery } from "./compile-query";
import type { Origin } from "./event-row";
import type { Store } from "./open-store";

export interface HistogramBucket {
  start: number;
  reads: number;
  writes: number;
  errors: number;
}

export interface StoreStats {
  total: number;
  /** Per facet id: its most frequent values over the whole window, most frequent first, ties by value. */
  facets: Record<string, FacetValue[]>;
  /** Buckets aligned to multiples of `interval` (UTC), from the one holding the window's start. */
  histogram: HistogramBucket[];
}

/** Beyond this many bars a chart is unreadable, and the query only burns memory. */
export const MAX_HISTOGRAM_BUCKETS = 10_000;

/**
 * Facets (each on its registry field's store column) and the activity histogram over every matching
 * event of the window, by GROUP BY: the same counts lib/facets/facet-counts.ts and the chart's
 * bucketing give over the whole window's events.
 */
export async function storeStats(
  store: Store,
  query: StoreQuery,
  { interval, top = 8, origin }: { interval: number; top?: number; origin?: Origin },
): Promise<StoreStats> {
  const startMs = query.start.getTime();
  const endMs = query.end.getTime();
  const first = Math.floor(startMs / interval) * interval;
  const count = Math.floor((endMs - first) / interval) + 1;
  if (!Number.isSafeInteger(interval) || interval < 1 || count > MAX_HISTOGRAM_BUCKETS) {
    throw new RangeError(
      `interval ${interval} ms gives more than ${MAX_HISTOGRAM_BUCKETS} buckets or is not whole`,
    );
  }
  if (!Number.isSafeInteger(top) || top < 1) throw new RangeError(`top must be a positive integer: ${top}`);
  const where = compileWhere(query, origin);

  return store.read(async (connection) => {
    const histogram: HistogramBucket[] = Array.from({ length: count }, (_, i) => ({
      start: first + i * interval,
      reads: 0,
      writes: 0,
      errors: 0,
    }));
    const buckets = await connection.runAndReadAll(
      "SELECT CAST(floor((event_ms - ?) / ?) AS BIGINT) AS bucket, " +
        "count(*) FILTER (WHERE read_only), count(*) FILTER (WHERE NOT read_only), " +
        "count(*) FILTER (WHERE error_code IS NOT NULL AND error_code <> '') " +
        `FROM events WHERE ${where.sql} GROUP BY 1`,
      [first, interval, ...where.params],
    );
    let total = 0;
    for (const [bucket, reads, writes, errors] of buckets.getRows()) {
      const target = histogram[Number(bucket)];
      if (!target) continue;
      target.reads = Number(reads);
      target.writes = Number(writes);
      target.errors = Number(errors);
      total += target.reads + target.writes;
    }

    const facets: Record<string, FacetValue[]> = {};
    for (const facet of FACET_FIELDS) {
      const column = facet.facet.storeColumn;
      const reader = await connection.runAndReadAll(
        `SELECT ${column}, count(*) AS n FROM events WHERE ${where.sql} AND ${column} IS NOT NULL AND ${column} <> '' ` +
          `GROUP BY ${column} ORDER BY n DESC, ${column} LIMIT ?`,
        [...where.params, top],
      );
      facets[facet.id] = reader.getRows().map(([value, n]) => ({ value: String(value), count: Number(n) }));
    }
    return { total, facets, histogram };
  });
}
