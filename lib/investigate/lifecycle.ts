import type { AuditEvent } from "@/lib/events/audit-event";
import type {
  FailedAttempt,
  LifecycleCycle,
  ResourceEventRef,
  TimelineEntry,
  Verdict,
  SearchError,
} from "./contract";
import { isGlobalSource, type EventKind } from "./event-kinds";
import { kindForResource, type ResourceMatch } from "./resource-match";
import type { ResourceId } from "./resource-id";

/**
 * The lifecycle of a resource from the events that name it: create → delete cycles (a name can be
 * reused), successful deletions, failed delete attempts (never the deletion), and the verdict about
 * the latest cycle.
 */

export interface MatchedEvent {
  event: AuditEvent;
  match: ResourceMatch;
}

export interface Lifecycle {
  verdict: Verdict;
  deletions: ResourceEventRef[];
  failedAttempts: FailedAttempt[];
  cycles: LifecycleCycle[];
  timeline: TimelineEntry[];
}

export interface LifecycleContext {
  window: { start: Date; end: Date };
  regionsSearched: string[];
  /** Regions the user left out of the search (empty when every configured region was searched). */
  regionsNotSearched: string[];
  errors: SearchError[];
  /** Events older than this are gone from Event history. */
  historyStart: Date;
}

export function eventRef(event: AuditEvent): ResourceEventRef {
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    eventName: event.eventName,
    eventSource: event.eventSource,
    awsRegion: event.awsRegion,
    accountId: event.accountId,
    who: {
      type: event.who.type,
      arn: event.who.arn,
      display: event.who.display,
      invokedBy: event.who.invokedBy,
      root: event.flags.root,
    },
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent,
    client: event.client,
  };
}

function byTime(a: AuditEvent, b: AuditEvent): number {
  const t = Date.parse(a.eventTime) - Date.parse(b.eventTime);
  if (t !== 0) return t;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

function dedupe(matched: MatchedEvent[]): MatchedEvent[] {
  const seen = new Map<string, MatchedEvent>();
  for (const m of matched) {
    const key = `${m.event.accountId}/${m.event.awsRegion}/${m.event.eventId}`;
    const prior = seen.get(key);
    if (!prior) seen.set(key, m);
    else if (!prior.match.target && m.match.target) seen.set(key, m);
  }
  return [...seen.values()].sort((a, b) => byTime(a.event, b.event));
}

const day = (d: Date) => d.toISOString().slice(0, 10);
/** `2026-11-21T17:25:44Z` → `2026-11-21 17:25:44 UTC`, as the page shows times. */
const readableTime = (iso: string) => iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");

function whoText(ref: ResourceEventRef): string {
  if (ref.who.root) return "the root user";
  return ref.who.display;
}

export function buildLifecycle(id: ResourceId, matched: MatchedEvent[], ctx: LifecycleContext): Lifecycle {
  const events = dedupe(matched);
  const cycles: LifecycleCycle[] = [];
  const timeline: TimelineEntry[] = [];
  const deletions: ResourceEventRef[] = [];
  const failedAttempts: FailedAttempt[] = [];

  for (const { event, match } of events) {
    const kind: EventKind = kindForResource(event, match);
    const ok = event.errorCode === null;
    let current = cycles[cycles.length - 1];
    // After a deletion, only a successful change proves the name lives again; reads and failures do not.
    if (!current || (current.deleted && ok && (kind === "created" || kind === "modified"))) {
      current = {
        created: null,
        deleted: null,
        firstSeen: event.eventTime,
        lastSeen: event.eventTime,
        events: 0,
      };
      cycles.push(current);
    }
    current.events++;
    current.lastSeen = event.eventTime;
    if (ok && kind === "created" && !current.created) current.created = eventRef(event);
    if (kind === "deleted") {
      if (ok) {
        const ref = eventRef(event);
        deletions.push(ref);
        current.deleted ??= ref;
      } else {
        failedAttempts.push({
          ...eventRef(event),
          errorCode: event.errorCode ?? "",
          errorMessage: event.errorMessage,
        });
      }
    }
    timeline.push({
      eventId: event.eventId,
      eventTime: event.eventTime,
      eventName: event.eventName,
      eventSource: event.eventSource,
      awsRegion: event.awsRegion,
      accountId: event.accountId,
      kind,
      who: { type: event.who.type, display: event.who.display },
      errorCode: event.errorCode,
      cycle: cycles.length - 1,
    });
  }

  return { verdict: buildVerdict(id, events, cycles, ctx), deletions, failedAttempts, cycles, timeline };
}

function buildVerdict(
  id: ResourceId,
  events: MatchedEvent[],
  cycles: LifecycleCycle[],
  ctx: LifecycleContext,
): Verdict {
  const explanation: string[] = [];
  const suggestions: string[] = [];
  const label = id.input;
  if (ctx.errors.length > 0) {
    const failed = ctx.errors.map((e) => `${e.region} (${e.accountName || e.accountId})`).join(", ");
    explanation.push(`Partial answer: the search failed in ${failed}; events there are not included.`);
    suggestions.push("Retry once the failing region answers again.");
  }
  const places = [
    ...new Set(
      events.map(({ event }) =>
        isGlobalSource(event.eventSource) ? event.accountId : `${event.accountId} ${event.awsRegion}`,
      ),
    ),
  ];
  if (places.length > 1) {
    explanation.push(
      `The name is used in several places (${places.join(", ")}); the verdict is about the most recent events. Narrow the search with account= and region= to judge one.`,
    );
  }
  const latest = cycles[cycles.length - 1];
  const newest = events[events.length - 1];
  if (latest?.deleted) {
    const d = latest.deleted;
    const via = d.who.invokedBy && d.who.invokedBy !== d.who.display ? ` via ${d.who.invokedBy}` : "";
    const reused =
      cycles.length > 1 ? ` The name was used ${cycles.length} times; this is the latest deletion.` : "";
    return {
      status: "deleted",
      summary: `${label} was deleted by ${whoText(d)}${via} at ${readableTime(d.eventTime)} (${d.eventName} in ${d.awsRegion}).${reused}`,
      deletion: d,
      lastSeen: null,
      explanation,
      suggestions,
    };
  }
  if (newest && latest) {
    const last = eventRef(newest.event);
    return {
      status: "not-deleted",
      summary: `No deletion of ${label} found: last seen at ${readableTime(last.eventTime)} (${last.eventName} by ${last.who.display}).`,
      deletion: null,
      lastSeen: last,
      explanation,
      suggestions,
    };
  }

  explanation.push(
    `No event names ${label} between ${day(ctx.window.start)} and ${day(ctx.window.end)} in ${ctx.regionsSearched.join(", ") || "any region"}.`,
    `Event history keeps 90 days: a resource deleted before ${day(ctx.historyStart)} left no event here.`,
    id.dataEvent
      ? "Deleting an S3 object is a data event: it is only in a trail's log files, never in Event history."
      : "Data events (S3 object deletions, DynamoDB item deletions) are only in a trail's log files, never in Event history.",
  );
  if (ctx.regionsNotSearched.length > 0) {
    explanation.push(`Not searched: ${ctx.regionsNotSearched.join(", ")}.`);
    suggestions.push("Widen the search to every region (region=all) and every account (account=all).");
  }
  if (ctx.window.start.getTime() > ctx.historyStart.getTime() + 86_400_000) {
    suggestions.push("Widen the time range to the full 90 days.");
  }
  suggestions.push(
    "Search the trail's archive in S3 (Trails page) for older events and data events.",
    "Check the spelling: names are case-sensitive and matched exactly; try the full ARN or the ID.",
  );
  return {
    status: "unknown",
    summary: `No events found for ${label}: Trailscope cannot tell whether or by whom it was deleted.`,
    deletion: null,
    lastSeen: null,
    explanation,
    suggestions,
  };
}
