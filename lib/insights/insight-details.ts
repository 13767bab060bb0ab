import { z } from "zod";
import type { AuditEvent } from "@/lib/events/audit-event";

/**
 * CloudTrail Insights records (eventType AwsCloudTrailInsight) describe an unusual rate of one API call
 * or of its errors in `insightDetails`: a Start record when the rate departs from the baseline and an
 * End record (same sharedEventID) when it returns. Every field is read defensively: a malformed record
 * still lists, with what it has.
 */

const average = z.object({ average: z.number() }).partial();
const attribution = z.object({
  attribute: z.string(),
  insight: z.array(z.object({ value: z.string(), average: z.number() }).partial()).catch([]),
});

const insightDetailsSchema = z.object({
  state: z.string().catch("Unknown"),
  eventSource: z.string().optional().catch(undefined),
  eventName: z.string().optional().catch(undefined),
  insightType: z.string().optional().catch(undefined),
  errorCode: z.string().optional().catch(undefined),
  insightContext: z
    .object({
      statistics: z
        .object({
          baseline: average.optional().catch(undefined),
          insight: average.optional().catch(undefined),
          insightDuration: z.number().optional().catch(undefined),
          baselineDuration: z.number().optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
      attributions: z.array(attribution).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export interface InsightAttribution {
  attribute: string;
  /** The top contributors during the insight, e.g. the user ARNs or user agents calling the API. */
  values: { value: string; average: number | null }[];
}

export interface InsightEvent {
  eventId: string;
  eventTime: string;
  region: string;
  accountId: string;
  /** Links the Start and End records of one insight. */
  sharedEventId: string | null;
  state: string;
  insightType: string | null;
  eventSource: string;
  eventName: string;
  errorCode: string | null;
  /** Calls (or errors) per minute in the baseline and during the insight. */
  baselineAverage: number | null;
  insightAverage: number | null;
  /** Minutes. */
  insightDuration: number | null;
  attributions: InsightAttribution[];
}

export function toInsightEvent(event: AuditEvent): InsightEvent {
  const details = insightDetailsSchema.catch({ state: "Unknown" }).parse(event.raw.insightDetails ?? {});
  const stats = details.insightContext?.statistics;
  const shared = event.raw.sharedEventID;
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    region: event.awsRegion,
    accountId: event.accountId,
    sharedEventId: typeof shared === "string" ? shared : null,
    state: details.state,
    insightType: details.insightType ?? null,
    eventSource: details.eventSource || event.eventSource,
    eventName: details.eventName || event.eventName,
    errorCode: details.errorCode ?? null,
    baselineAverage: stats?.baseline?.average ?? null,
    insightAverage: stats?.insight?.average ?? null,
    insightDuration: stats?.insightDuration ?? null,
    attributions: (details.insightContext?.attributions ?? []).map((a) => ({
      attribute: a.attribute,
      values: a.insight.flatMap((v) =>
        v.value === undefined ? [] : [{ value: v.value, average: v.average ?? null }],
      ),
    })),
  };
}
