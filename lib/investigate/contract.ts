import type { ClientKind, IdentityType } from "@/lib/events/audit-event";
import type { SourceStatus } from "@/lib/events/api-contract";
import type { EventKind } from "./event-kinds";

/**
 * What `/api/investigate` answers (JSON), or streams as `InvestigateStreamMessage`s (NDJSON) when asked
 * with `Accept: application/x-ndjson`. Documented in the README; the page renders exactly this.
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

export interface Verdict {
  status: VerdictStatus;
  /** One sentence for the top of the page. */
  summary: string;
  /** The deletion that ended the latest cycle, when deleted. */
  deletion: ResourceEventRef | null;
  /** The newest event on the resource, when not deleted. */
  lastSeen: ResourceEventRef | null;
  /** What an unknown (or partial) answer means. */
  explanation: string[];
  /** What to try next. */
  suggestions: string[];
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
  /** LookupEvents calls this answer cost. */
  apiCalls: number;
  /** Whether the fallback scan of delete-type events ran (nothing was found by name). */
  scanned: boolean;
  /** False when a source failed or a lookup stopped at its page cap. */
  complete: boolean;
  /** Set when the search stopped at the request's budget of work (the trail archive): why, and what to narrow. */
  truncatedReason?: string;
}

export type InvestigatePhase = "lookup" | "alternate-names" | "scan";

export type InvestigateStreamMessage =
  | { type: "progress"; phase: InvestigatePhase; sources: SourceStatus[]; apiCalls: number; matched: number }
  | { type: "result"; result: InvestigateResponse }
  | { type: "error"; message: string };
