import { createParser, parseAsIsoDateTime, parseAsString, parseAsStringLiteral } from "nuqs/server";
import {
  EVENT_SOURCES,
  PAGE_ONLY_PARAMS,
  RANGE_PRESETS,
  parseEventQuery,
  type EventQuery,
  type RangePreset,
} from "./event-query";
import { COLUMN_IDS, FILTER_FIELDS, type ColumnId, type FilterParam } from "./fields";
import { splitList } from "../shared/aws-names";
import type { ParamIssue } from "../shared/params";
import type { TimeZoneMode } from "../shared/time";

/**
 * The Events page's whole view lives in its URL: the query (parsed by `parseEventQuery`) plus page-only
 * state (columns, sort, time zone, the open event). These helpers read and write it on the server and
 * in the browser, so a bookmarked or shared link reopens the same view.
 */

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

export const TIME_ZONES = ["utc", "local"] as const satisfies readonly TimeZoneMode[];
export type { TimeZoneMode };
export const READ_ONLY_MODES = ["false", "true", "all"] as const;
export type ReadOnlyMode = (typeof READ_ONLY_MODES)[number];
export const RANGE_PRESET_IDS = Object.keys(RANGE_PRESETS) as RangePreset[];
const SORT_PATTERN = /^([A-Za-z]+)\.(asc|desc)$/;

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
    const match = SORT_PATTERN.exec(rawSort.trim());
    const column = match?.[1] ?? "";
    if (!match || !isColumnId(column)) {
      issues.push({
        param: "sort",
        message: `must be <column>.asc or <column>.desc, e.g. when.desc; columns: ${COLUMN_IDS.join(", ")}`,
      });
    } else {
      sort = { column, desc: match[2] === "desc" };
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

/**
 * Typed readers and writers of each URL key for the page's interactive leaves (nuqs). They only read and
 * write values: `parseView` stays the validator that names a bad parameter, so a value these parsers
 * cannot read shows the page's error panel rather than being dropped. Writing a default removes the key,
 * so the default view's link stays short.
 */
const rawText = parseAsString;

const columnsParser = createParser<ColumnId[]>({
  parse: (value) => {
    const ids = splitList(value);
    return ids.length > 0 && ids.every(isColumnId) ? [...new Set(ids)] : null;
  },
  serialize: (columns) => columns.join(","),
  eq: (a, b) => a.length === b.length && a.every((c, i) => b[i] === c),
});

const sortParser = createParser<SortState>({
  parse: (value) => {
    const match = SORT_PATTERN.exec(value.trim());
    const column = match?.[1] ?? "";
    return match && isColumnId(column) ? { column, desc: match[2] === "desc" } : null;
  },
  serialize: (sort) => `${sort.column}.${sort.desc ? "desc" : "asc"}`,
  eq: (a, b) => a.column === b.column && a.desc === b.desc,
});

const facetsParser = createParser<boolean>({
  parse: (value) => (value === "show" ? true : value === "hide" ? false : null),
  serialize: (shown) => (shown ? "show" : "hide"),
});

/** Each leaf's keys; every value a person sets is a step the back button walks back through. */
export const VIEW_URL_OPTIONS = { history: "push", shallow: true, clearOnDefault: true } as const;

export const timeKeys = {
  range: parseAsStringLiteral(RANGE_PRESET_IDS),
  start: parseAsIsoDateTime,
  end: parseAsIsoDateTime,
};
export const timeZoneKey = { tz: parseAsStringLiteral(TIME_ZONES).withDefault("utc") };
export const scopeKeys = {
  source: parseAsStringLiteral(EVENT_SOURCES).withDefault("history"),
  account: rawText,
  bucket: rawText,
  prefix: rawText,
};
/** Filter values as the URL holds them: raw text, so a value the validator rejects is shown, not lost. */
export const filterKeys = Object.fromEntries(FILTER_FIELDS.map((f) => [f.id, rawText])) as Record<
  FilterParam,
  typeof rawText
>;
export const readOnlyKey = { readOnly: parseAsStringLiteral(READ_ONLY_MODES).withDefault("false") };
export const columnsKey = { columns: columnsParser.withDefault([...DEFAULT_COLUMNS]) };
export const sortKey = { sort: sortParser.withDefault(DEFAULT_SORT) };
export const facetsKey = { facets: facetsParser.withDefault(false) };
export const eventKey = { event: rawText };

/**
 * Every key of the view, as raw text: opening a saved view writes its query as it was saved (the
 * validator then judges it) and clears the rest, the open event included.
 */
export const viewKeys: Record<string, typeof rawText> = Object.fromEntries(
  [
    ...Object.keys(timeKeys),
    ...Object.keys(scopeKeys),
    ...FILTER_FIELDS.map((f) => f.id),
    ...Object.keys({ ...timeZoneKey, ...columnsKey, ...sortKey, ...facetsKey, ...eventKey }),
  ].map((key) => [key, rawText]),
);
