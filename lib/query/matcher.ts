import type { AuditEvent } from "../events/audit-event";
import { classifyEventName } from "../events/event-kinds";
import type { EventQuery } from "./event-query";

/**
 * Every filter of the query model applied to one normalized event. The lookup attributes follow
 * LookupEvents' own semantics (exact, case-sensitive values; a resource filter matches any of the
 * event's resources), so a filter gives the same rows whether AWS or the server applied it.
 */

type MatchedQuery = Pick<
  EventQuery,
  | "readOnly"
  | "eventId"
  | "accessKeyId"
  | "resourceName"
  | "username"
  | "eventName"
  | "eventSource"
  | "resourceType"
  | "region"
  | "account"
  | "errors"
  | "errorCode"
  | "sourceIp"
  | "client"
  | "identityType"
  | "kind"
  | "q"
>;

export type MatchedParam = keyof MatchedQuery;

export interface IpValue {
  version: 4 | 6;
  value: bigint;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let address = text.replace(/%.*$/, "");
  let tail: number[] = [];
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (v4) {
    const value = parseIPv4(v4[1]!);
    if (value === undefined) return undefined;
    tail = [Number(value >> 16n), Number(value & 0xffffn)];
    address = address.slice(0, address.length - v4[1]!.length);
    if (!address.endsWith("::")) address = address.slice(0, -1);
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groupsOf(halves[0] ?? "");
  const rest = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const hex = (g: string) => parseInt(g, 16);
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head.map(hex), ...new Array<number>(fill).fill(0), ...rest.map(hex), ...tail];
  } else {
    groups = [...head.map(hex), ...tail];
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An address as the matcher reads it (no trimming, no prefix), or undefined when it is not one. */
export function parseIp(text: string): IpValue | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  if (!text.includes(":")) return undefined;
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

const V4_MAPPED = 0xffffn << 32n;

/** A `sourceIp` filter: an address, a CIDR block (IPv4 or IPv6), or an AWS service host. */
export type IpFilter =
  { kind: "cidr"; version: 4 | 6; network: bigint; prefix: number } | { kind: "host"; host: string };

/** Null when the value is neither a valid address, CIDR block nor host name. */
export function parseIpFilter(value: string): IpFilter | null {
  const text = value.trim();
  if (/^[a-z0-9.-]+\.amazonaws\.com$/i.test(text)) return { kind: "host", host: text.toLowerCase() };
  const [address = "", prefixText, extra] = text.split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  const bits = ip.version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { kind: "cidr", version: ip.version, network: ip.value & mask, prefix };
}

export function ipMatches(filter: IpFilter, sourceIp: string | null): boolean {
  if (!sourceIp) return false;
  if (filter.kind === "host") return sourceIp.toLowerCase() === filter.host;
  const ip = parseIp(sourceIp);
  if (!ip) return false;
  let value = ip.value;
  let version = ip.version;
  // An IPv4 client seen through a dual-stack endpoint may be logged as ::ffff:a.b.c.d, and vice versa.
  if (filter.version === 4 && version === 6 && value >> 32n === 0xffffn) {
    value &= 0xffffffffn;
    version = 4;
  } else if (filter.version === 6 && version === 4) {
    value |= V4_MAPPED;
    version = 6;
  }
  if (version !== filter.version) return false;
  const bits = version === 4 ? 32 : 128;
  const mask =
    filter.prefix === 0 ? 0n : ((1n << BigInt(filter.prefix)) - 1n) << BigInt(bits - filter.prefix);
  return (value & mask) === filter.network;
}

const rawText = new WeakMap<object, string>();

/** The fields free text (`q`) searches besides the whole record; the store indexes the same list. */
export function freeTextFields(event: AuditEvent): (string | null)[] {
  return [
    event.eventName,
    event.eventSource,
    event.eventId,
    event.username,
    event.who.display,
    event.who.arn,
    event.accessKeyId,
    event.sourceIPAddress,
    event.userAgent,
    event.errorCode,
    event.errorMessage,
    event.awsRegion,
    event.accountId,
    ...event.resources.flatMap((r) => [r.name, r.type]),
  ];
}

function freeTextMatches(event: AuditEvent, needle: string): boolean {
  const fields = freeTextFields(event);
  if (fields.some((f) => f?.toLowerCase().includes(needle))) return true;
  let text = rawText.get(event.raw);
  if (text === undefined) {
    text = JSON.stringify(event.raw).toLowerCase();
    rawText.set(event.raw, text);
  }
  return text.includes(needle);
}

const ipFilters = new Map<string, IpFilter | null>();

function cachedIpFilter(value: string): IpFilter | null {
  let filter = ipFilters.get(value);
  if (filter === undefined) {
    filter = parseIpFilter(value);
    if (ipFilters.size > 1000) ipFilters.clear();
    ipFilters.set(value, filter);
  }
  return filter;
}

/**
 * Whether an event passes every filter of the query. `skip` names filters already applied
 * elsewhere (the lookup attribute AWS applied, or region and account chosen as sources).
 */
export function matchesQuery(
  event: AuditEvent,
  query: MatchedQuery,
  skip: ReadonlySet<MatchedParam> = new Set(),
): boolean {
  const active = <K extends MatchedParam>(param: K): MatchedQuery[K] | undefined =>
    skip.has(param) ? undefined : query[param];

  const eventId = active("eventId");
  if (eventId !== undefined && event.eventId !== eventId) return false;
  const accessKeyId = active("accessKeyId");
  if (accessKeyId !== undefined && event.accessKeyId !== accessKeyId) return false;
  const resourceName = active("resourceName");
  if (resourceName !== undefined && !event.resources.some((r) => r.name === resourceName)) return false;
  const username = active("username");
  if (username !== undefined && event.username !== username) return false;
  const eventName = active("eventName");
  if (eventName !== undefined && event.eventName !== eventName) return false;
  const eventSource = active("eventSource");
  if (eventSource !== undefined && event.eventSource !== eventSource) return false;
  const resourceType = active("resourceType");
  if (resourceType !== undefined && !event.resources.some((r) => r.type === resourceType)) return false;
  const readOnly = active("readOnly");
  if (readOnly !== undefined && readOnly !== "all" && event.readOnly !== (readOnly === "true")) return false;

  const region = active("region");
  if (region !== undefined && region !== "all" && !region.includes(event.awsRegion)) return false;
  const account = active("account");
  if (account !== undefined && account !== "all" && !account.includes(event.accountId)) return false;

  const errors = active("errors");
  if (errors === "only" && event.errorCode === null) return false;
  if (errors === "exclude" && event.errorCode !== null) return false;
  const errorCode = active("errorCode");
  if (errorCode !== undefined) {
    const code = event.errorCode?.toLowerCase();
    if (!errorCode.some((c) => c.toLowerCase() === code)) return false;
  }
  const sourceIp = active("sourceIp");
  if (sourceIp !== undefined) {
    const filter = cachedIpFilter(sourceIp);
    if (!filter || !ipMatches(filter, event.sourceIPAddress)) return false;
  }
  const client = active("client");
  if (client !== undefined && !client.includes(event.client)) return false;
  const identityType = active("identityType");
  if (identityType !== undefined && !identityType.includes(event.who.type)) return false;
  const kind = active("kind");
  if (
    kind !== undefined &&
    !kind.includes(classifyEventName(event.eventSource, event.eventName, event.readOnly))
  ) {
    return false;
  }
  const q = active("q");
  if (q !== undefined && !freeTextMatches(event, q.toLowerCase())) return false;
  return true;
}
