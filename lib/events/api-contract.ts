import type { ParamIssue } from "../shared/params";
import type { AuditEvent } from "./audit-event";
import type { LookupParam } from "./lookup-attributes";

/**
 * What `/api/events` (and the export and investigation streams) send to the browser.
 * JSON answers an `EventsResponse`; `Accept: application/x-ndjson` streams `EventStreamMessage`s, one per line.
 */

export interface SourceError {
  /** The AWS error name or a transport failure: ThrottlingException, ExpiredTokenException, EndpointUnreachable... */
  code: string;
  message: string;
  /** What the user can do about it. */
  hint: string;
}

export interface SourceStatus {
  accountId: string;
  accountName: string;
  region: string;
  state: "pending" | "running" | "done" | "failed" | "cancelled";
  /**
   * The units of work read so far, whose kind depends on the query's source: LookupEvents pages (at
   * most 50 events each) for Event history, log files for the trail archive (`source=archive`). The
   * wire name stays `pages` for both; a reader names the unit from the answer's `plan.archive`.
   */
  pages: number;
  /** Events this source returned from the API (before server-side filters). */
  events: number;
  /** Trail archive only, when nonzero: records that cannot be shown (not an object, no eventID or eventTime). */
  unusableRecords?: number;
  /** Trail archive only, when nonzero: log files that are not gzip'd JSON with a Records array. */
  unreadableFiles?: number;
  error?: SourceError;
}

export interface QueryPlan {
  /** The filter sent to LookupEvents as its one lookup attribute, if any. */
  lookup: { param: LookupParam; key: string; value: string } | null;
  /** The URL parameters applied on the server to what LookupEvents returned. */
  serverFilters: string[];
  /** Set when the events come from a trail's log files (`source=archive`) instead of LookupEvents. */
  archive?: { location: string };
  /** Event history through the event store: absent for the archive. */
  store?: StorePlan;
}

export interface StoreSegment {
  start: string;
  end: string;
  /** `store`: answered from the event store (no API call); `lookup`: read live from LookupEvents. */
  from: "store" | "lookup";
}

export interface StorePlan {
  /** `off`: TRAILSCOPE_STORE=off; `unavailable`: the store could not be opened (see `message`), so all is live. */
  status: "open" | "off" | "unavailable";
  /** Why it is unavailable. */
  message?: string;
  sources: {
    accountId: string;
    region: string;
    /** The window's parts, newest first. */
    segments: StoreSegment[];
    /**
     * Set when the window runs to now and the store was refreshed within the sync interval: the part
     * after this time is not read live (the next refresh brings it).
     */
    asOf: string | null;
    /** The newest time the store holds this source completely (its last refresh); null before the first. */
    syncedTo: string | null;
  }[];
}

export interface QueryWindow {
  start: string;
  end: string;
}

export type EventStreamMessage =
  | { type: "meta"; plan: QueryPlan; window: QueryWindow; sources: SourceStatus[] }
  | { type: "events"; events: AuditEvent[] }
  | { type: "progress"; sources: SourceStatus[]; apiCalls: number; matched: number; scanned: number }
  | {
      type: "done";
      /** True only when every source finished without error and nothing was cut by the limit. */
      complete: boolean;
      truncated: boolean;
      /** Why the answer stopped early when it was not the limit: the request's budget of work. */
      truncatedReason?: string;
      /** Opaque; pass back as `cursor` to continue after a truncated answer. Null when nothing remains. */
      cursor: string | null;
      apiCalls: number;
      sources: SourceStatus[];
    }
  | { type: "error"; message: string };

export interface EventsResponse {
  events: AuditEvent[];
  plan: QueryPlan;
  window: QueryWindow;
  sources: SourceStatus[];
  apiCalls: number;
  complete: boolean;
  truncated: boolean;
  truncatedReason?: string;
  cursor: string | null;
}

/** The 400 answer of every route: which parameter was wrong and what is allowed. */
export interface BadRequestBody {
  error: "bad_request";
  message: string;
  issues: ParamIssue[];
}

/**
 * The other error answers of `/api/events` and `/api/events/[eventId]`: 404 (no such event), 502 (AWS or
 * the demo endpoint failed for every source), 500 (Trailscope's own settings are wrong).
 */
export interface ErrorBody {
  error: "not_found" | "upstream_error" | "config_error" | "internal_error" | "store_unavailable";
  message: string;
  /** What the user can do about it. */
  hint?: string;
  sources?: SourceStatus[];
}

/** `GET /api/archive/accounts`: the trail archive's location and the accounts found under its `AWSLogs/`. */
export interface ArchiveAccountsResponse {
  location: string;
  accounts: {
    accountId: string;
    /** The configured account's name, or the ID when the archive holds an account Trailscope does not read. */
    name: string;
    organizationId: string | null;
  }[];
}

/** One trail as `/api/trails` and the Trails page show it: settings, status and event selectors. */
export interface TrailView {
  arn: string;
  name: string;
  /** The account that owns the trail (from its ARN) and the configured account that read it. */
  ownerAccountId: string;
  readByAccount: { id: string; name: string };
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  bucket: string;
  prefix: string | null;
  encryption: { kind: "SSE-S3" } | { kind: "SSE-KMS"; keyId: string };
  logFileValidation: boolean;
  cloudWatchLogs: { logGroupArn: string; roleArn: string | null } | null;
  logging: boolean | null;
  latestDeliveryTime: string | null;
  latestDeliveryError: string | null;
  latestDigestDeliveryTime: string | null;
  latestDigestDeliveryError: string | null;
  recorded: {
    management: string;
    data: string[];
    insights: string[];
    selectorKind: "basic" | "advanced" | "none";
  };
  health: { level: "ok" | "late" | "failing" | "stopped"; message: string | null };
  /** Calls for this trail that failed (status, selectors): shown next to what did load. */
  problems: string[];
}

/** `GET /api/trails`: every trail of the configured accounts; one account failing is listed in `failures`. */
export interface TrailsResponse {
  trails: TrailView[];
  failures: { accountId: string; accountName: string; region: string; message: string }[];
}
