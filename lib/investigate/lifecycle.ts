import type { AuditEvent } from "@/lib/events/audit-event";
import type {
  FailedAttempt,
  LifecycleCycle,
  ResourceEventRef,
  TimelineEntry,
  Verdict,
  VerdictAdvice,
  VerdictReason,
  SearchError,
} from "./contract";
import { formatTimestamp } from "../shared/time";
import { isGlobalSource, type EventKind } from "../events/event-kinds";
import { kindForResource, type ResourceMatch } from "./resource-match";
import type { ResourceId } from "./resource-id";
import { eventKey } from "../shared/event-keys";
import { DAY } from "../shared/time";

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
  /** Event history (90 days, management events only) or a trail's archive (what its bucket keeps). */
  source: "history" | "archive";
  window: { start: Date; end: Date };
  regionsSearched: string[];
  /** Regions the user left out of the search (empty when every configured region was searched). */
  regionsNotSearched: string[];
  errors: SearchError[];
  /** Events older than this are gone from Event history. */
  historyStart: Date;
  /** What the search read, for an unknown answer. */
  effort: { lookups: number; apiCalls: number; eventsRead: number; scanned: boolean };
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
    ...(event.origin ? { origin: event.origin } : {}),
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
    const key = eventKey(m.event);
    const prior = seen.get(key);
    if (!prior) seen.set(key, m);
    else if (!prior.match.target && m.match.target) seen.set(key, m);
  }
  return [...seen.values()].sort((a, b) => byTime(a.event, b.event));
}

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
  const reasons: VerdictReason[] = [];
  const advice: VerdictAdvice[] = [];
  const label = id.input;
  if (ctx.errors.length > 0) {
    reasons.push({
      code: "search-failed",
      places: ctx.errors.map((e) => ({
        accountId: e.accountId,
        accountName: e.accountName,
        region: e.region,
      })),
    });
    advice.push("retry-failed-places");
  }
  const places = new Map<string, { accountId: string; region: string | null }>();
  for (const { event } of events) {
    const region = isGlobalSource(event.eventSource) ? null : event.awsRegion;
    places.set(`${event.accountId} ${region}`, { accountId: event.accountId, region });
  }
  if (places.size > 1) reasons.push({ code: "name-in-several-places", places: [...places.values()] });
  const latest = cycles[cycles.length - 1];
  const newest = events[events.length - 1];
  if (latest?.deleted) {
    const d = latest.deleted;
    const via = d.who.invokedBy && d.who.invokedBy !== d.who.display ? ` via ${d.who.invokedBy}` : "";
    const reused =
      cycles.length > 1 ? ` The name was used ${cycles.length} times; this is the latest deletion.` : "";
    return {
      status: "deleted",
      summary: `${label} was deleted by ${whoText(d)}${via} at ${formatTimestamp(d.eventTime)} (${d.eventName} in ${d.awsRegion}).${reused}`,
      deletion: d,
      lastSeen: null,
      reasons,
      advice,
    };
  }
  if (newest && latest) {
    const last = eventRef(newest.event);
    return {
      status: "not-deleted",
      summary: `No deletion of ${label} found: last seen at ${formatTimestamp(last.eventTime)} (${last.eventName} by ${last.who.display}).`,
      deletion: null,
      lastSeen: last,
      reasons,
      advice,
    };
  }

  reasons.push({
    code: "no-matching-event",
    window: { start: ctx.window.start.toISOString(), end: ctx.window.end.toISOString() },
    regions: ctx.regionsSearched,
    ...ctx.effort,
  });
  // The archive holds data events and whatever its bucket keeps, so Event history's limits do not apply.
  if (ctx.source === "history") {
    reasons.push(
      { code: "history-retention", historyStart: ctx.historyStart.toISOString() },
      { code: "data-events-not-in-history", objectDeletion: id.dataEvent },
    );
  }
  if (ctx.regionsNotSearched.length > 0) {
    reasons.push({ code: "regions-not-searched", regions: ctx.regionsNotSearched });
    advice.push("widen-places");
  }
  if (ctx.source === "history" && ctx.window.start.getTime() > ctx.historyStart.getTime() + DAY) {
    advice.push("widen-time-range");
  }
  if (ctx.source === "history") advice.push("search-archive");
  advice.push("check-spelling");
  return {
    status: "unknown",
    summary: `No events found for ${label}: Trailscope cannot tell whether or by whom it was deleted.`,
    deletion: null,
    lastSeen: null,
    reasons,
    advice,
  };
}
