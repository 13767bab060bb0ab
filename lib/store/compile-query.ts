import type { EventQuery } from "../query/event-query";
import { parseIpFilter, type MatchedParam } from "../query/matcher";
import type { Origin } from "./event-row";

/**
 * The query model compiled to parameterized SQL over `events`, with exactly the semantics of
 * lib/query/matcher.ts, plus the time window LookupEvents applies (StartTime and EndTime inclusive).
 * Values only ever travel as parameters. The SQL sticks to what Trino (Athena) also runs
 * (`contains` on arrays, `strpos`, `FILTER`), so the same compiler can later target Athena.
 */

export type StoreQuery = Pick<EventQuery, MatchedParam | "start" | "end">;

export type SqlValue = string | number | boolean;

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

/** Keyset position: the sort key of the last event of the previous page. */
export interface StoreCursor {
  eventMs: number;
  account: string;
  region: string;
  eventId: string;
}

const V4_MAPPED = 0xffffn << 32n;
const hex = (value: bigint) => value.toString(16).padStart(32, "0");

function ipRange(value: string): SqlFragment {
  const filter = parseIpFilter(value);
  if (!filter) return { sql: "FALSE", params: [] };
  if (filter.kind === "host") return { sql: "source_ip_lower = ?", params: [filter.host] };
  // Stored addresses are IPv6, IPv4 mapped into ::ffff:0:0/96 (event-row.ts), as the matcher compares them.
  const bits = filter.version === 4 ? 32 : 128;
  const low = filter.version === 4 ? filter.network | V4_MAPPED : filter.network;
  const high = low | ((1n << BigInt(bits - filter.prefix)) - 1n);
  return { sql: "source_ip_hex BETWEEN ? AND ?", params: [hex(low), hex(high)] };
}

function oneOf(column: string, values: readonly string[]): SqlFragment {
  if (values.length === 0) return { sql: "FALSE", params: [] };
  return { sql: `${column} IN (${values.map(() => "?").join(", ")})`, params: [...values] };
}

/**
 * Which stored rows a query reads. An `Origin` alone: the rows first written by it. `historySince`:
 * what Event history answers, that is history rows plus the archive rows Event history would have
 * returned too (management events, not Insights, at or after `historySince`), since an event imported
 * from the archive first is stored once, as `archive`. `archiveOnly`: the archive rows that are not
 * part of that view, so the two together are every row exactly once.
 */
export type OriginFilter = Origin | { historySince: number } | { archiveOnly: number };

/** The archive rows Event history also holds; `managementEvent` is null for records that omit it. */
const IN_EVENT_HISTORY =
  "(origin = 'archive' AND event_ms >= ? AND event_category <> 'Insight' AND " +
  "coalesce(json_extract_string(event_json, '$.managementEvent'), 'true') <> 'false')";

function originWhere(filter: OriginFilter): SqlFragment {
  if (typeof filter === "string") return { sql: "origin = ?", params: [filter] };
  if ("historySince" in filter) {
    return { sql: `(origin = 'history' OR ${IN_EVENT_HISTORY})`, params: [filter.historySince] };
  }
  return { sql: `(origin = 'archive' AND NOT ${IN_EVENT_HISTORY})`, params: [filter.archiveOnly] };
}

/** Every filter of the query and its time window, as one WHERE condition. */
export function compileWhere(query: StoreQuery, origin?: OriginFilter): SqlFragment {
  const parts: SqlFragment[] = [
    { sql: "event_ms BETWEEN ? AND ?", params: [query.start.getTime(), query.end.getTime()] },
  ];
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) parts.push({ sql: `${column} = ?`, params: [value] });
  };
  if (origin !== undefined) parts.push(originWhere(origin));
  equal("event_id", query.eventId);
  equal("access_key_id", query.accessKeyId);
  equal("username", query.username);
  equal("event_name", query.eventName);
  equal("event_source", query.eventSource);
  if (query.resourceName !== undefined) {
    parts.push({ sql: "contains(resource_names, ?)", params: [query.resourceName] });
  }
  if (query.resourceType !== undefined) {
    parts.push({ sql: "contains(resource_types, ?)", params: [query.resourceType] });
  }
  if (query.readOnly !== undefined && query.readOnly !== "all") {
    parts.push({ sql: "read_only = ?", params: [query.readOnly === "true"] });
  }
  if (query.region !== undefined && query.region !== "all") parts.push(oneOf("aws_region", query.region));
  if (query.account !== undefined && query.account !== "all") parts.push(oneOf("account_id", query.account));
  if (query.errors === "only") parts.push({ sql: "error_code IS NOT NULL", params: [] });
  if (query.errors === "exclude") parts.push({ sql: "error_code IS NULL", params: [] });
  if (query.errorCode !== undefined) {
    parts.push(
      oneOf(
        "error_code_lower",
        query.errorCode.map((c) => c.toLowerCase()),
      ),
    );
  }
  if (query.sourceIp !== undefined) parts.push(ipRange(query.sourceIp));
  if (query.client !== undefined) parts.push(oneOf("client", query.client));
  if (query.identityType !== undefined) parts.push(oneOf("identity_type", query.identityType));
  if (query.kind !== undefined) parts.push(oneOf("action_kind", query.kind));
  if (query.q !== undefined) {
    const needle = query.q.toLowerCase();
    parts.push({ sql: "strpos(search_text, ?) > 0", params: [needle] });
  }
  return { sql: parts.map((p) => p.sql).join(" AND "), params: parts.flatMap((p) => p.params) };
}

/** Newest first; the rest of the key makes the order total, so keyset pages never skip or repeat. */
export const PAGE_ORDER = "event_ms DESC, account_id DESC, aws_region DESC, event_id DESC";

/** Events strictly after the cursor in PAGE_ORDER (expanded: Trino has no row-value comparison on every column type). */
function afterCursor(cursor: StoreCursor): SqlFragment {
  return {
    sql:
      "(event_ms < ? OR (event_ms = ? AND (account_id < ? OR (account_id = ? AND " +
      "(aws_region < ? OR (aws_region = ? AND event_id < ?))))))",
    params: [
      cursor.eventMs,
      cursor.eventMs,
      cursor.account,
      cursor.account,
      cursor.region,
      cursor.region,
      cursor.eventId,
    ],
  };
}

/** One page: `limit + 1` rows are asked for, so the caller knows whether another page follows. */
export function compilePage(
  query: StoreQuery,
  { limit, cursor, origin }: { limit: number; cursor?: StoreCursor; origin?: OriginFilter },
): SqlFragment {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const where = compileWhere(query, origin);
  const after = cursor ? afterCursor(cursor) : undefined;
  return {
    sql:
      "SELECT event_ms, account_id, aws_region, event_id, event_json, record_json, origin FROM events " +
      `WHERE ${where.sql}${after ? ` AND ${after.sql}` : ""} ORDER BY ${PAGE_ORDER} LIMIT ?`,
    params: [...where.params, ...(after?.params ?? []), limit + 1],
  };
}
