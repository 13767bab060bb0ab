import "server-only";
import type { SourceStatus } from "@/lib/events/api-contract";
import { lookupPages, resolveSources, toSourceError, type LookupSource } from "@/lib/sources/history";
import { getSettings } from "@/lib/config";
import type { EventQuery } from "@/lib/query/event-query";
import { toInsightEvent, type InsightEvent } from "./insight-details";

/**
 * Insights events of the query's accounts and regions (LookupEvents with `EventCategory=insight`).
 * They are few (a Start and an End per unusual episode), so every page of every source is read, up to
 * a cap. Insights lookups accept only EventId, EventName and EventSource attributes.
 */

export const MAX_INSIGHTS = 2000;

export type InsightsQuery = Pick<
  EventQuery,
  "start" | "end" | "account" | "region" | "eventId" | "eventName" | "eventSource"
>;

/** The filters of the Events page that make no sense for Insights events. */
export const NON_INSIGHT_PARAMS = [
  "accessKeyId",
  "resourceName",
  "username",
  "resourceType",
  "errors",
  "errorCode",
  "sourceIp",
  "client",
  "identityType",
  "kind",
  "q",
] as const;

export interface InsightsResult {
  insights: InsightEvent[];
  sources: SourceStatus[];
  apiCalls: number;
  /** The cap was reached: older insights exist but are not listed. */
  truncated: boolean;
}

function lookupAttribute(query: InsightsQuery) {
  if (query.eventId) return { key: "EventId" as const, value: query.eventId };
  if (query.eventName) return { key: "EventName" as const, value: query.eventName };
  if (query.eventSource) return { key: "EventSource" as const, value: query.eventSource };
  return undefined;
}

export async function loadInsights(query: InsightsQuery, signal?: AbortSignal): Promise<InsightsResult> {
  const sources = await resolveSources(query);
  const attribute = lookupAttribute(query);
  const settings = getSettings();
  let apiCalls = 0;
  let total = 0;
  let truncated = false;

  const readSource = async (source: LookupSource) => {
    const status: SourceStatus = {
      accountId: source.account.id,
      accountName: source.account.name,
      region: source.region,
      state: "running",
      pages: 0,
      events: 0,
    };
    const found: InsightEvent[] = [];
    try {
      for await (const page of lookupPages(source, {
        attribute,
        start: query.start,
        end: query.end,
        eventCategory: "insight",
        signal,
      })) {
        status.pages++;
        status.events += page.events.length;
        apiCalls += page.apiCalls;
        for (const event of page.events) {
          // The lookup took one attribute; the other two are checked here.
          if (query.eventName && event.eventName !== query.eventName) continue;
          if (query.eventSource && event.eventSource !== query.eventSource) continue;
          found.push(toInsightEvent(event));
        }
        total += page.events.length;
        if (total >= MAX_INSIGHTS) {
          truncated = true;
          break;
        }
      }
      status.state = "done";
    } catch (error) {
      status.state = "failed";
      status.error = toSourceError(error, { source: settings.source, ...source });
    }
    return { status, found };
  };

  const results = await Promise.all(sources.map(readSource));
  const insights = results
    .flatMap((r) => r.found)
    .sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));
  return { insights, sources: results.map((r) => r.status), apiCalls, truncated };
}
