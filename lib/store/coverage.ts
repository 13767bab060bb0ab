import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * What the store holds completely, per source: closed intervals of epoch milliseconds. Closed, because
 * LookupEvents' StartTime and EndTime are both inclusive; on whole milliseconds [a, b] and [b + 1, c]
 * leave nothing between them, so they merge.
 */

export interface Interval {
  start: number;
  end: number;
}

/** One origin of one (account, region): Event history and the trail archive are covered separately. */
export interface CoverageSource {
  origin: "history" | "archive";
  account: string;
  region: string;
}

/** The coverage key of one (account, region)'s Event history. */
export const historySource = (source: { account: { id: string }; region: string }): CoverageSource => ({
  origin: "history",
  account: source.account.id,
  region: source.region,
});

export function isInterval(value: Interval): boolean {
  return Number.isSafeInteger(value.start) && Number.isSafeInteger(value.end) && value.start <= value.end;
}

function assertInterval(value: Interval) {
  if (!isInterval(value)) {
    throw new RangeError(`not an interval of whole milliseconds: [${value.start}, ${value.end}]`);
  }
}

/** Sorted, disjoint and non-adjacent: the one normal form every other function returns. */
export function normalizeIntervals(intervals: readonly Interval[]): Interval[] {
  intervals.forEach(assertInterval);
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

export function addInterval(covered: readonly Interval[], added: Interval): Interval[] {
  return normalizeIntervals([...covered, added]);
}

/** The parts of `window` that `covered` does not hold: what must still be read from the source. */
export function uncoveredIntervals(covered: readonly Interval[], window: Interval): Interval[] {
  assertInterval(window);
  const gaps: Interval[] = [];
  let from = window.start;
  for (const interval of normalizeIntervals(covered)) {
    if (interval.end < from) continue;
    if (interval.start > window.end) break;
    if (interval.start > from) gaps.push({ start: from, end: interval.start - 1 });
    from = interval.end + 1;
    if (from > window.end) return gaps;
  }
  gaps.push({ start: from, end: window.end });
  return gaps;
}

/** The parts of `window` that `covered` holds. */
export function coveredIntervals(covered: readonly Interval[], window: Interval): Interval[] {
  assertInterval(window);
  return normalizeIntervals(covered)
    .filter((i) => i.end >= window.start && i.start <= window.end)
    .map((i) => ({ start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) }));
}

export function isCovered(covered: readonly Interval[], window: Interval): boolean {
  return uncoveredIntervals(covered, window).length === 0;
}

const SOURCE_WHERE = "origin = ? AND account_id = ? AND aws_region = ?";
const sourceParams = (s: CoverageSource) => [s.origin, s.account, s.region];

export async function readCoverage(
  connection: DuckDBConnection,
  source: CoverageSource,
): Promise<Interval[]> {
  const reader = await connection.runAndReadAll(
    `SELECT start_ms, end_ms FROM coverage WHERE ${SOURCE_WHERE} ORDER BY start_ms`,
    sourceParams(source),
  );
  return reader.getRows().map(([start, end]) => ({ start: Number(start), end: Number(end) }));
}

/**
 * Adds a completely read interval to a source's coverage. Call it only inside the write transaction that
 * stores that interval's events (write-events.ts does), so coverage never runs ahead of the events.
 */
export async function recordCoverage(
  connection: DuckDBConnection,
  source: CoverageSource,
  interval: Interval,
): Promise<Interval[]> {
  const merged = addInterval(await readCoverage(connection, source), interval);
  await connection.run(`DELETE FROM coverage WHERE ${SOURCE_WHERE}`, sourceParams(source));
  for (const { start, end } of merged) {
    await connection.run("INSERT INTO coverage VALUES (?, ?, ?, ?, ?)", [
      ...sourceParams(source),
      start,
      end,
    ]);
  }
  return merged;
}
