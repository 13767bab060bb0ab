import { z } from "zod";
import { windowBoundsProblem } from "../shared/time";
import { bucketNameSchema, prefixSchema } from "../shared/aws-names";
import { parseParams, type ParamIssue } from "../shared/params";
import { FILTER_SHAPE } from "./fields";

/**
 * The query model shared by the page URL, `/api/events`, the export route and the planner.
 * One parser for server and client, so a bookmarked URL means the same thing everywhere.
 */

export const RANGE_PRESETS = {
  "15m": 15 * 60_000,
  "30m": 30 * 60_000,
  "1h": 60 * 60_000,
  "3h": 3 * 60 * 60_000,
  "12h": 12 * 60 * 60_000,
  "1d": 24 * 60 * 60_000,
  "7d": 7 * 24 * 60 * 60_000,
  "30d": 30 * 24 * 60 * 60_000,
  "90d": 90 * 24 * 60 * 60_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "7d";
/** Event history keeps 90 days of management events per region. */
export const HISTORY_MS = RANGE_PRESETS["90d"];

const isoDate = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v), {
    message: "must be an ISO 8601 date or date-time, e.g. 2026-11-01T00:00:00Z",
  })
  .transform((v) => new Date(/T/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}Z` : v))
  .refine((d) => !Number.isNaN(d.getTime()), { message: "is not a real date" });

/**
 * `history`: LookupEvents (90 days, management events); `archive`: a trail's S3 log files (any range,
 * data events); `all`: Event history and the archive imported into the event store, once per event.
 */
export const EVENT_SOURCES = ["history", "archive", "all"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const eventQuerySchema = z
  .object({
    start: isoDate.optional(),
    end: isoDate.optional(),
    range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
    ...FILTER_SHAPE,
    // Where events come from: Event history (LookupEvents) or a trail's log files (lib/sources/archive).
    source: z.enum(EVENT_SOURCES).optional(),
    bucket: bucketNameSchema.optional(),
    prefix: prefixSchema.optional(),
  })
  .strict();

export type EventQueryInput = z.input<typeof eventQuerySchema>;
export type ParsedEventQuery = z.output<typeof eventQuerySchema>;

/** A query with its time window fixed: LookupEvents' NextToken is only valid for unchanged parameters. */
export type EventQuery = Omit<ParsedEventQuery, "start" | "end" | "range"> & {
  start: Date;
  end: Date;
  range: RangePreset | undefined;
};

export type QueryParseResult = { ok: true; query: EventQuery } | { ok: false; issues: ParamIssue[] };

/** Parameters that are not part of the query but may share the URL (page state such as columns or sort). */
export const PAGE_ONLY_PARAMS: ReadonlySet<string> = new Set([
  "columns",
  "sort",
  "tz",
  "cursor",
  "view",
  "format",
  "event",
  "facets",
]);

export function parseEventQuery(params: URLSearchParams, now: Date = new Date()): QueryParseResult {
  const parsed = parseParams(params, eventQuerySchema, { ignore: PAGE_ONLY_PARAMS });
  if (!parsed.ok) return parsed;

  const { start, end, range, ...rest } = parsed.value;
  if (rest.source !== "archive" && (rest.bucket !== undefined || rest.prefix !== undefined)) {
    const param = rest.bucket !== undefined ? "bucket" : "prefix";
    return { ok: false, issues: [{ param, message: "applies only to the trail archive (source=archive)" }] };
  }
  if (range && (start || end)) {
    return { ok: false, issues: [{ param: "range", message: "give either range or start/end, not both" }] };
  }
  const windowEnd = end ?? now;
  const windowStart = start ?? new Date(windowEnd.getTime() - RANGE_PRESETS[range ?? DEFAULT_RANGE]);
  // Every source walks its window (days of archive folders, pages of history): unbounded ends are work without end.
  const bounds = windowBoundsProblem(windowStart, windowEnd, now);
  if (bounds) return { ok: false, issues: [bounds] };
  return {
    ok: true,
    query: {
      ...rest,
      start: windowStart,
      end: windowEnd,
      range: start || end ? undefined : (range ?? DEFAULT_RANGE),
    },
  };
}
