import type { AuditEvent } from "../events/audit-event";
import { classifyEventName } from "../events/event-kinds";
import { freeTextFields } from "../query/fields";
import { parseIp } from "../query/matcher";

/**
 * An AuditEvent as one row of `events`, and back. Every value a filter compares case-insensitively is
 * lowercased here, by JavaScript, because the matcher uses `toLowerCase()` and SQL's `lower()` differs
 * from it outside ASCII (final sigma, dotted capital I): the compiled query then compares exact strings.
 */

export type Origin = "history" | "archive";

export const EVENT_COLUMNS = [
  "account_id",
  "aws_region",
  "event_id",
  "event_ms",
  "event_name",
  "event_source",
  "read_only",
  "username",
  "identity_type",
  "access_key_id",
  "source_ip",
  "source_ip_lower",
  "source_ip_hex",
  "client",
  "error_code",
  "error_code_lower",
  "resource_names",
  "resource_types",
  "action_kind",
  "event_category",
  "search_text",
  "event_json",
  "record_json",
  "origin",
  "archive_key",
] as const;

/** The lists travel as JSON text: the driver cannot bind an empty list without a declared type. */
const LIST_COLUMNS: ReadonlySet<string> = new Set(["resource_names", "resource_types"]);

/** How each column travels in the staging table the writer appends to (lists as JSON text, see above). */
const STAGING_TYPES: Readonly<Partial<Record<(typeof EVENT_COLUMNS)[number], string>>> = {
  event_ms: "BIGINT",
  read_only: "BOOLEAN",
};

export const STAGING_COLUMNS_SQL = EVENT_COLUMNS.map((c) => `${c} ${STAGING_TYPES[c] ?? "VARCHAR"}`).join(
  ", ",
);

/** The staging columns as `events` stores them: the JSON lists become VARCHAR[]. */
export const FROM_STAGING_SQL = EVENT_COLUMNS.map((c) =>
  LIST_COLUMNS.has(c) ? `CAST(CAST(${c} AS JSON) AS VARCHAR[])` : c,
).join(", ");

const V4_MAPPED = 0xffffn << 32n;

/**
 * A source address as 32 hex digits of its IPv6 form, IPv4 mapped into ::ffff:0:0/96 as the matcher
 * does, so a CIDR block of either family is one range of fixed-width strings.
 */
export function ipHex(sourceIp: string | null): string | null {
  if (!sourceIp) return null;
  const ip = parseIp(sourceIp);
  if (!ip) return null;
  const value = ip.version === 4 ? ip.value | V4_MAPPED : ip.value;
  return value.toString(16).padStart(32, "0");
}

/** Between the texts of `search_text`: `q` refuses control characters (lib/query/fields.ts), so no needle holds it. */
const SEARCH_SEPARATOR = "\u0000";

/** The record, lowercased, then the free-text fields it does not contain (schema.ts's v4 says why). */
export function searchText(event: AuditEvent, recordJson: string): string {
  const record = recordJson.toLowerCase();
  const fields = freeTextFields(event).flatMap((f) => {
    const lower = f?.toLowerCase();
    return lower === undefined || record.includes(lower) ? [] : [`${SEARCH_SEPARATOR}${lower}`];
  });
  return record + fields.join("");
}

export type StoredValue = string | number | boolean | null;

/** Why an event cannot be stored (the key and the time are what the store is ordered and deduplicated by). */
export function unstorableReason(event: AuditEvent): string | undefined {
  if (!event.eventId) return "it has no event ID";
  if (!event.accountId) return "it has no account";
  if (!event.awsRegion) return "it has no region";
  if (Number.isNaN(Date.parse(event.eventTime))) return "its event time is not a date";
  return undefined;
}

export function eventRow(event: AuditEvent, origin: Origin, archiveKey: string | null): StoredValue[] {
  // The origin is the row's column: the first write's, whichever copy this event is.
  const { raw, origin: _origin, ...normalized } = event;
  const recordJson = JSON.stringify(raw);
  const values: Record<(typeof EVENT_COLUMNS)[number], StoredValue> = {
    account_id: event.accountId,
    aws_region: event.awsRegion,
    event_id: event.eventId,
    event_ms: Date.parse(event.eventTime),
    event_name: event.eventName,
    event_source: event.eventSource,
    read_only: event.readOnly,
    username: event.username,
    identity_type: event.who.type,
    access_key_id: event.accessKeyId,
    source_ip: event.sourceIPAddress,
    source_ip_lower: event.sourceIPAddress?.toLowerCase() ?? null,
    source_ip_hex: ipHex(event.sourceIPAddress),
    client: event.client,
    error_code: event.errorCode,
    error_code_lower: event.errorCode?.toLowerCase() ?? null,
    resource_names: JSON.stringify(event.resources.map((r) => r.name)),
    resource_types: JSON.stringify(event.resources.map((r) => r.type)),
    action_kind: classifyEventName(event.eventSource, event.eventName, event.readOnly),
    event_category: event.eventCategory,
    search_text: searchText(event, recordJson),
    event_json: JSON.stringify(normalized),
    record_json: recordJson,
    origin,
    archive_key: archiveKey,
  };
  return EVENT_COLUMNS.map((column) => values[column]);
}

export function eventFromRow(eventJson: string, recordJson: string, origin: Origin): AuditEvent {
  const normalized = JSON.parse(eventJson) as Omit<AuditEvent, "raw">;
  return { ...normalized, origin, raw: JSON.parse(recordJson) as Record<string, unknown> };
}
