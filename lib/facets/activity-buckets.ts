import type { AuditEvent } from "@/lib/events/audit-event";
import { DAY, HOUR, MINUTE } from "@/lib/shared/time";

/**
 * The activity chart's arithmetic: bucket intervals that read well on a time axis, events counted per
 * bucket, and a brushed pixel span turned back into a time window.
 */

/** Intervals a person reads without arithmetic; UTC-aligned, so a bucket boundary is a round time. */
export const BUCKET_INTERVALS = [
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
] as const;

export const MAX_BUCKETS = 120;

/** The smallest round interval that covers the window in at most `maxBuckets` bars. */
export function chooseInterval(windowMs: number, maxBuckets = MAX_BUCKETS): number {
  for (const interval of BUCKET_INTERVALS) if (windowMs / interval <= maxBuckets) return interval;
  return BUCKET_INTERVALS[BUCKET_INTERVALS.length - 1] ?? DAY;
}

export function formatInterval(ms: number): string {
  if (ms % DAY === 0) return ms === DAY ? "1 day" : `${ms / DAY} days`;
  if (ms % HOUR === 0) return ms === HOUR ? "1 hour" : `${ms / HOUR} hours`;
  return ms === MINUTE ? "1 minute" : `${ms / MINUTE} minutes`;
}

export interface Bucket {
  start: number;
  end: number;
  total: number;
  reads: number;
  writes: number;
  errors: number;
}

export interface Buckets {
  interval: number;
  /** The chart's domain: from the first bucket's start to the window's end. */
  domainStart: number;
  domainEnd: number;
  buckets: Bucket[];
  /** Events inside the window (events outside it are not drawn). */
  counted: number;
  maxTotal: number;
}

export function bucketEvents(
  events: readonly Pick<AuditEvent, "eventTime" | "readOnly" | "errorCode">[],
  window: { start: number; end: number },
  interval: number = chooseInterval(window.end - window.start),
): Buckets {
  const first = Math.floor(window.start / interval) * interval;
  const count = Math.max(1, Math.floor((window.end - first) / interval) + 1);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    start: first + i * interval,
    end: Math.min(first + (i + 1) * interval, window.end),
    total: 0,
    reads: 0,
    writes: 0,
    errors: 0,
  }));
  let counted = 0;
  for (const event of events) {
    const t = Date.parse(event.eventTime);
    if (Number.isNaN(t) || t < window.start || t > window.end) continue;
    const bucket = buckets[Math.floor((t - first) / interval)];
    if (!bucket) continue;
    counted++;
    bucket.total++;
    if (event.readOnly) bucket.reads++;
    else bucket.writes++;
    if (event.errorCode) bucket.errors++;
  }
  const maxTotal = buckets.reduce((max, b) => Math.max(max, b.total), 0);
  return { interval, domainStart: first, domainEnd: window.end, buckets, counted, maxTotal };
}

/**
 * The chart's buckets from counts made elsewhere (the store's GROUP BY over the whole window), on the
 * same grid `bucketEvents` uses for `interval`, so the two draw the same bars for the same events.
 */
export function bucketCounts(
  counts: readonly { start: number; reads: number; writes: number; errors: number }[],
  window: { start: number; end: number },
  interval: number,
): Buckets {
  const empty = bucketEvents([], window, interval);
  const byStart = new Map(counts.map((c) => [c.start, c]));
  let counted = 0;
  const buckets = empty.buckets.map((b) => {
    const c = byStart.get(b.start);
    if (!c) return b;
    counted += c.reads + c.writes;
    return { ...b, total: c.reads + c.writes, reads: c.reads, writes: c.writes, errors: c.errors };
  });
  const maxTotal = buckets.reduce((max, b) => Math.max(max, b.total), 0);
  return { ...empty, buckets, counted, maxTotal };
}

/** Brushes narrower than this are a click, not a selection. */
export const MIN_BRUSH_MS = MINUTE;

/**
 * The time window under a brushed span, given as fractions (0-1) of the chart's width, in either
 * direction; clamped to the domain and rounded to whole seconds (the URL's ISO times stay short).
 * Null when the span is too narrow to be meant as a selection.
 */
export function brushWindow(
  fromFraction: number,
  toFraction: number,
  domain: { start: number; end: number },
): { start: Date; end: Date } | null {
  const clamp = (f: number) => Math.min(1, Math.max(0, f));
  const [a, b] = [clamp(fromFraction), clamp(toFraction)].sort((x, y) => x - y) as [number, number];
  const span = domain.end - domain.start;
  const start = Math.floor((domain.start + a * span) / 1000) * 1000;
  const end = Math.ceil((domain.start + b * span) / 1000) * 1000;
  if (end - start < MIN_BRUSH_MS) return null;
  return { start: new Date(start), end: new Date(end) };
}
