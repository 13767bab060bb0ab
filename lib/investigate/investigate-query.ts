import { z } from "zod";
import { eventQuerySchema, HISTORY_MS, RANGE_PRESETS, type RangePreset } from "@/lib/query/event-query";
import { MAX_VALUE_LENGTH } from "@/lib/query/fields";
import { windowBoundsProblem } from "@/lib/shared/time";
import { parseParams, type ParamIssue } from "@/lib/shared/params";

/**
 * `/investigate` and `/api/investigate` parameters: the resource, and optionally the regions, accounts
 * and time window (default: every configured region and account, the whole 90 days of Event history).
 */

const shape = eventQuerySchema.shape;

export const investigateQuerySchema = z
  .object({
    resource: z
      .string()
      .trim()
      .min(1, "must name a resource: a name, an ID or an ARN")
      .max(MAX_VALUE_LENGTH, `must be at most ${MAX_VALUE_LENGTH} characters`),
    region: shape.region,
    account: shape.account,
    start: shape.start,
    end: shape.end,
    range: shape.range,
    source: shape.source,
    bucket: shape.bucket,
    prefix: shape.prefix,
  })
  .strict();

export interface InvestigateQuery {
  resource: string;
  /** Undefined means every configured region (plus us-east-1 for global services). */
  regions: string[] | undefined;
  accounts: string[] | undefined;
  start: Date;
  end: Date;
  /**
   * `archive`: search a trail's log files (lib/sources/archive) instead of Event history; `all`: Event
   * history plus the archive rows imported into the event store that it does not hold.
   */
  source?: "history" | "archive" | "all";
  bucket?: string;
  prefix?: string;
}

export type InvestigateParseResult =
  { ok: true; query: InvestigateQuery } | { ok: false; issues: ParamIssue[] };

export function parseInvestigateQuery(
  params: URLSearchParams,
  now: Date = new Date(),
): InvestigateParseResult {
  const parsed = parseParams(params, investigateQuerySchema);
  if (!parsed.ok) return parsed;

  const { resource, region, account, start, end, range, source, bucket, prefix } = parsed.value;
  if (source !== "archive" && (bucket !== undefined || prefix !== undefined)) {
    const param = bucket !== undefined ? "bucket" : "prefix";
    return { ok: false, issues: [{ param, message: "applies only to the trail archive (source=archive)" }] };
  }
  if (range && (start || end)) {
    return { ok: false, issues: [{ param: "range", message: "give either range or start/end, not both" }] };
  }
  const windowEnd = end ?? now;
  const span = range ? RANGE_PRESETS[range as RangePreset] : HISTORY_MS;
  const windowStart = start ?? new Date(windowEnd.getTime() - span);
  // The archive reads every file of the window: a window of centuries is a request that never ends.
  const bounds = windowBoundsProblem(windowStart, windowEnd, now);
  if (bounds) return { ok: false, issues: [bounds] };
  return {
    ok: true,
    query: {
      resource,
      regions: region === undefined || region === "all" ? undefined : region,
      accounts: account === undefined || account === "all" ? undefined : account,
      start: windowStart,
      end: windowEnd,
      ...(source === "archive" ? { source, bucket, prefix } : source === "all" ? { source } : {}),
    },
  };
}
