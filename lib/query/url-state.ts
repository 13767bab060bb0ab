import {
  PAGE_ONLY_PARAMS,
  RANGE_PRESETS,
  parseEventQuery,
  type EventQuery,
  type RangePreset,
} from "./event-query";
import { splitList } from "../shared/aws-names";
import type { ParamIssue } from "../shared/params";

/**
 * The Events page's whole view lives in its URL: the query (parsed by `parseEventQuery`) plus page-only
 * state (columns, sort, time zone, the open event). These helpers read and write it on the server and
 * in the browser, so a bookmarked or shared link reopens the same view.
 */

export const COLUMN_IDS = [
  "when",
  "who",
  "eventName",
  "eventSource",
  "resources",
  "region",
  "sourceIp",
  "client",
  "response",
  "username",
  "resourceType",
  "errorCode",
  "accessKeyId",
  "requestId",
  "eventId",
  "userAgent",
  "account",
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_LABELS: Record<ColumnId, string> = {
  when: "Event time",
  who: "Who",
  eventName: "Event name",
  eventSource: "Event source",
  resources: "Resources",
  region: "Region",
  sourceIp: "Source IP",
  client: "Client",
  response: "Response",
  username: "User name",
  resourceType: "Resource type",
  errorCode: "Error code",
  accessKeyId: "Access key",
  requestId: "Request ID",
  eventId: "Event ID",
  userAgent: "User agent",
  account: "Account",
};

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  "when",
  "who",
  "eventName",
  "eventSource",
  "resources",
  "region",
  "sourceIp",
  "client",
  "response",
];

export interface SortState {
  column: ColumnId;
  desc: boolean;
}
/** LookupEvents answers newest first, so that is the order a view starts in. */
export const DEFAULT_SORT: SortState = { column: "when", desc: true };

export type TimeZoneMode = "utc" | "local";

export interface PageState {
  columns: ColumnId[];
  sort: SortState;
  tz: TimeZoneMode;
  /** The event open in the side panel, by event ID. */
  event: string | null;
  /**
   * The facet panel beside the table. Hidden unless asked for, so that who, when, where, what and
   * response all fit at 1440 px without scrolling sideways.
   */
  facets: boolean;
}

export type ViewParseResult =
  { ok: true; query: EventQuery; page: PageState } | { ok: false; issues: ParamIssue[] };

function isColumnId(value: string): value is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}

export function parsePageState(
  params: URLSearchParams,
): { ok: true; page: PageState } | { ok: false; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  let columns = [...DEFAULT_COLUMNS];
  const rawColumns = params.get("columns");
  if (rawColumns !== null) {
    const ids = splitList(rawColumns);
    const unknown = ids.filter((id) => !isColumnId(id));
    if (unknown.length > 0) {
      issues.push({
        param: "columns",
        message: `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; allowed: ${COLUMN_IDS.join(", ")}`,
      });
    } else if (ids.length === 0) {
      issues.push({ param: "columns", message: "must name at least one column" });
    } else {
      columns = [...new Set(ids.filter(isColumnId))];
    }
  }

  let sort = DEFAULT_SORT;
  const rawSort = params.get("sort");
  if (rawSort !== null) {
    const match = /^([A-Za-z]+)\.(asc|desc)$/.exec(rawSort.trim());
    if (!match || !isColumnId(match[1] ?? "")) {
      issues.push({
        param: "sort",
        message: `must be <column>.asc or <column>.desc, e.g. when.desc; columns: ${COLUMN_IDS.join(", ")}`,
      });
    } else {
      sort = { column: match[1] as ColumnId, desc: match[2] === "desc" };
    }
  }

  const rawTz = params.get("tz");
  if (rawTz !== null && rawTz !== "utc" && rawTz !== "local") {
    issues.push({ param: "tz", message: "must be utc or local" });
  }
  const event = params.get("event")?.trim() || null;
  const rawFacets = params.get("facets");
  if (rawFacets !== null && rawFacets !== "show" && rawFacets !== "hide") {
    issues.push({ param: "facets", message: "must be show or hide" });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    page: { columns, sort, tz: rawTz === "local" ? "local" : "utc", event, facets: rawFacets === "show" },
  };
}

/** The query and the page state together; the issues of both are reported at once. */
export function parseView(params: URLSearchParams, now: Date = new Date()): ViewParseResult {
  const query = parseEventQuery(params, now);
  const page = parsePageState(params);
  const issues = [...(query.ok ? [] : query.issues), ...(page.ok ? [] : page.issues)];
  if (!query.ok || !page.ok) return { ok: false, issues };
  return { ok: true, query: query.query, page: page.page };
}

/** Next passes `searchParams` as a record; arrays come from repeated parameters, which the parser reports. */
export function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params;
}

/** The parameters `/api/events` takes: the page's URL without its page-only state. */
export function apiSearchParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (!PAGE_ONLY_PARAMS.has(key)) out.append(key, value);
  return out;
}

/** Default values are left out of the URL so the default view's link stays short. */
const DEFAULT_VALUES: Record<string, string> = { readOnly: "false", tz: "utc", facets: "hide" };

/** A copy of `params` with each update applied: a string sets the parameter, null (or its default) removes it. */
export function withParams(params: URLSearchParams, updates: Record<string, string | null>): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === "" || DEFAULT_VALUES[key] === value) out.delete(key);
    else out.set(key, value);
  }
  return out;
}

export function withColumns(params: URLSearchParams, columns: readonly ColumnId[]): URLSearchParams {
  const isDefault =
    columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => DEFAULT_COLUMNS[i] === c);
  return withParams(params, { columns: isDefault ? null : columns.join(",") });
}

export function withSort(params: URLSearchParams, sort: SortState): URLSearchParams {
  const isDefault = sort.column === DEFAULT_SORT.column && sort.desc === DEFAULT_SORT.desc;
  return withParams(params, { sort: isDefault ? null : `${sort.column}.${sort.desc ? "desc" : "asc"}` });
}

/** A preset and an absolute window exclude each other (the parser rejects both at once). */
export function withTimeRange(
  params: URLSearchParams,
  window: { range: RangePreset } | { start: Date; end: Date | null },
): URLSearchParams {
  if ("range" in window) return withParams(params, { range: window.range, start: null, end: null });
  return withParams(params, {
    range: null,
    start: window.start.toISOString(),
    end: window.end ? window.end.toISOString() : null,
  });
}

/** The filters a person sets by value, in the order the filter bar offers them. */
export const VALUE_FILTERS = [
  { param: "eventName", label: "Event name", example: "DeleteBucket" },
  { param: "username", label: "User name", example: "alice" },
  { param: "resourceType", label: "Resource type", example: "AWS::S3::Bucket" },
  { param: "resourceName", label: "Resource name", example: "my-bucket" },
  { param: "eventSource", label: "Event source", example: "s3.amazonaws.com" },
  { param: "eventId", label: "Event ID", example: "a1b2c3d4-…" },
  { param: "accessKeyId", label: "Access key", example: "AKIA…" },
] as const;
export type ValueFilterParam = (typeof VALUE_FILTERS)[number]["param"];

const OTHER_FILTER_LABELS: Record<string, string> = {
  region: "Region",
  account: "Account",
  errors: "Errors",
  errorCode: "Error code",
  sourceIp: "Source IP",
  client: "Client",
  identityType: "Identity type",
  kind: "Action",
  q: "Search",
  limit: "Limit",
};

export interface FilterChip {
  param: string;
  label: string;
  value: string;
}

/** The filters in effect besides read-only and the time range, which the page shows on their own. */
export function filterChips(params: URLSearchParams): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const { param, label } of VALUE_FILTERS) {
    const value = params.get(param);
    if (value) chips.push({ param, label, value });
  }
  for (const [param, label] of Object.entries(OTHER_FILTER_LABELS)) {
    const value = params.get(param);
    if (value) chips.push({ param, label, value });
  }
  return chips;
}

export const READ_ONLY_LABELS = {
  false: "Read-only: false (create, modify, delete)",
  true: "Read-only: true (read events only)",
  all: "Read-only: all (reads and writes)",
} as const;

export function readOnlyMode(params: URLSearchParams): keyof typeof READ_ONLY_LABELS {
  const v = params.get("readOnly");
  return v === "true" || v === "all" ? v : "false";
}

export const RANGE_LABELS: Record<RangePreset, string> = {
  "15m": "15m",
  "30m": "30m",
  "1h": "1h",
  "3h": "3h",
  "12h": "12h",
  "1d": "1d",
  "7d": "7d",
  "30d": "30d",
  "90d": "90d",
};
export const RANGE_PRESET_IDS = Object.keys(RANGE_PRESETS) as RangePreset[];
