import type { QueryPlan } from "../events/api-contract";
import { LOOKUP_PARAMS, type LookupParam } from "../events/lookup-attributes";
import type { EventQuery } from "./event-query";

/**
 * LookupEvents takes one lookup attribute. The most selective filter goes to AWS (an event ID names
 * one event, an access key one session, a resource a handful of events; read-only splits the
 * history in two); every other filter is applied on the server to what comes back.
 */
export const LOOKUP_PRIORITY: readonly LookupParam[] = [
  "eventId",
  "accessKeyId",
  "resourceName",
  "username",
  "eventName",
  "eventSource",
  "resourceType",
  "readOnly",
];

/** The filters the server applies itself, in the URL's spelling (region and account choose sources instead). */
export const SERVER_FILTER_PARAMS = [
  "errors",
  "errorCode",
  "sourceIp",
  "client",
  "identityType",
  "kind",
  "q",
] as const;

type PlannedQuery = Pick<EventQuery, LookupParam | (typeof SERVER_FILTER_PARAMS)[number]>;

function lookupValue(query: PlannedQuery, param: LookupParam): string | undefined {
  if (param === "readOnly") return query.readOnly === "all" ? undefined : query.readOnly;
  return query[param];
}

export function planQuery(query: PlannedQuery): QueryPlan {
  let lookup: QueryPlan["lookup"] = null;
  const serverFilters: string[] = [];
  for (const param of LOOKUP_PRIORITY) {
    const value = lookupValue(query, param);
    if (value === undefined) continue;
    if (lookup) serverFilters.push(param);
    else lookup = { param, key: LOOKUP_PARAMS[param], value };
  }
  for (const param of SERVER_FILTER_PARAMS) {
    if (query[param] !== undefined) serverFilters.push(param);
  }
  return { lookup, serverFilters };
}
