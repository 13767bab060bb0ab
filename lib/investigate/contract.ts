import type { ClientKind, IdentityType } from "@/lib/events/audit-event";
import type { SourceStatus, StorePlan } from "@/lib/events/api-contract";
import type { EventKind } from "../events/event-kinds";

/**
 * What `/api/investigate` answers (JSON), or streams as `InvestigateStreamMessage`s (NDJSON) when asked
 * with `Accept: application/x-ndjson`. Documented in docs/api.md; the page renders exactly this.
 */

export interface WhoSummary {
  type: IdentityType;
  arn: string | null;
  /** The person behind an assumed role or SSO session, the service acting via invokedBy, or "root". */
  display: string;
  invokedBy: string | null;
  root: boolean;
}

/** One event on the resource, as the verdict, deletions and failed attempts name it. */
export interface ResourceEventRef {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  accountId: string;
  who: WhoSummary;
  sourceIPAddress: string | null;
  userAgent: string | null;
  client: ClientKind;
  /** Where the event was read, when the search had more than one source (`source=all`). */
  origin?: "history" | "archive";
}

export interface FailedAttempt extends ResourceEventRef {
  errorCode: string;
  errorMessage: string | null;
}

export interface TimelineEntry {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  accountId: string;
  kind: EventKind;
  who: { type: IdentityType; display: string };
  errorCode: string | null;
  /** Index into `cycles`. */
  cycle: number;
}

/** One create → delete round of a (possibly reused) name. */
export interface LifecycleCycle {
  created: ResourceEventRef | null;
  deleted: ResourceEventRef | null;
  firstSeen: string;
  lastSeen: string;
  events: number;
}

export type VerdictStatus = "deleted" | "not-deleted" | "unknown";

/** One (account, region) the search failed in. */
export interface PlaceRef {
  accountId: string;
  accountName: string;
  region: string;
}

/**
 * Why the verdict is what it is, as data: the page words each code. `no-matching-event` carries what
 * was searched (the `searched` list of the answer holds each lookup).
 */
export type VerdictReason =
  | { code: "search-failed"; places: PlaceRef[] }
  | { code: "name-in-several-places"; places: { accountId: string; region: string | null }[] }
  | {
      code: "no-matching-event";
      window: { start: string; end: string };
      regions: string[];
      lookups: number;
      apiCalls: number;
      eventsRead: number;
      scanned: boolean;
    }
  /** Event history keeps 90 days: older deletions left no event there. */
  | { code: "history-retention"; historyStart: string }
  /** Data events are only in trail files; `objectDeletion` when the resource is an S3 object. */
  | { code: "data-events-not-in-history"; objectDeletion: boolean }
  | { code: "regions-not-searched"; regions: string[] }
  /** The input has characters no AWS identifier has: only an exact lookup was made. */
  | { code: "implausible-identifier" }
  /** A lookup stopped at its page cap: the oldest events were not fetched. */
  | { code: "lookup-truncated"; maxEvents: number }
  /** The scan of write events stopped at its cap in some source: older deletions may be missed. */
  | { code: "scan-truncated"; maxEvents: number }
  | { code: "archive-searched"; description: string; files: number; accounts: number }
  /** The per-request budget of files or events ran out (the reason says which): later events may be missing. */
  | { code: "search-stopped-early"; reason: string };

export type VerdictAdvice =
  "retry-failed-places" | "widen-places" | "widen-time-range" | "search-archive" | "check-spelling";
export interface Verdict {
  status: VerdictStatus;
  /** One sentence for the top of the page. */
  summary: string;
  /** The deletion that ended the latest cycle, when deleted. */
  deletion: ResourceEventRef | null;
  /** The newest event on the resource, when not deleted. */
  lastSeen: ResourceEventRef | null;
  /** What an unknown (or partial) answer means. */
  reasons: VerdictReason[];
  /** What to try next. */
  advice: VerdictAdvice[];
}

/** One lookup of the search (LookupEvents' attribute, or the same filter in the event store), with what it cost and found. */
export interface SearchStep {
  accountId: string;
  region: string;
  phase: InvestigatePhase;
  lookup: { key: "ResourceName" | "EventName" | "ReadOnly"; value: string };
  /** LookupEvents calls, retries included: none for what the store answered. */
  calls: number;
  events: number;
  /** Of `events`, those read from the event store. */
  storeEvents: number;
  /** Events of this lookup that name the resource. */
  matched: number;
  /** Stopped at the page cap with more events left. */
  truncated: boolean;
}

export interface SearchError {
  accountId: string;
  accountName: string;
  region: string;
  code: string;
  message: string;
  hint: string;
}

export interface ResourceSummary {
  input: string;
  form: "arn" | "url" | "name";
  arn: string | null;
  name: string;
  /** Every spelling that was looked up. */
  lookedUp: string[];
}

export interface InvestigateResponse {
  resource: ResourceSummary;
  window: { start: string; end: string };
  verdict: Verdict;
  deletions: ResourceEventRef[];
  failedAttempts: FailedAttempt[];
  cycles: LifecycleCycle[];
  /** Every event on the resource, oldest first. */
  timeline: TimelineEntry[];
  regionsSearched: string[];
  accountsSearched: string[];
  errors: SearchError[];
  /** LookupEvents calls this answer cost (what the store answered costs none). */
  apiCalls: number;
  /** Every lookup made, in order (empty for the archive, which reads log files instead). */
  searched: SearchStep[];
  /** Whether the fallback scan of delete-type events ran (nothing was found by name). */
  scanned: boolean;
  /** False when a source failed or a lookup stopped at its page cap. */
  complete: boolean;
  /** Set when the search stopped at the request's budget of work (the trail archive): why, and what to narrow. */
  truncatedReason?: string;
  /**
   * Event history's searches: which intervals of each source the store answered and which LookupEvents
   * did, as /api/events' `plan.store`; its status says why all was live when the store is off or unavailable.
   */
  store?: StorePlan;
}

/** `scan` reads the table's delete calls by name; `write-scan` reads every write event, newest first. */
export type InvestigatePhase = "lookup" | "alternate-names" | "scan" | "write-scan";

export type InvestigateStreamMessage =
  | { type: "progress"; phase: InvestigatePhase; sources: SourceStatus[]; apiCalls: number; matched: number }
  | { type: "result"; result: InvestigateResponse }
  | { type: "error"; message: string };
