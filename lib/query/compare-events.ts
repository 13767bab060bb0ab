import { z } from "zod";
import { accountIdSchema, regionSchema } from "../shared/aws-names";
import { parseParams, type ParamIssue } from "../shared/params";
import { MAX_VALUE_LENGTH } from "./event-query";
import type { AuditEvent } from "../events/audit-event";

/**
 * Events side by side, as the CloudTrail console compares them: at most five, named in the URL by
 * `account:region:eventId` (an event ID is unique only within its account and region).
 */

export const MAX_COMPARED = 5;

export interface CompareId {
  accountId: string;
  region: string;
  eventId: string;
}

/** The Events table's row key (`account/region/eventId`) as a compare id. */
export function compareIdFromRowKey(key: string): string {
  const [accountId = "", region = "", ...eventId] = key.split("/");
  return `${accountId}:${region}:${eventId.join("/")}`;
}

export function compareHref(ids: readonly string[]): string {
  return `/events/compare?${new URLSearchParams({ ids: ids.join(",") }).toString()}`;
}

const idSchema = z.string().transform((value, ctx): CompareId => {
  const [accountId = "", region = "", ...rest] = value.trim().split(":");
  const eventId = rest.join(":");
  const problem = !accountIdSchema.safeParse(accountId).success
    ? "does not start with a 12-digit account ID"
    : !regionSchema.safeParse(region).success
      ? "does not name an AWS region after the account"
      : eventId.length === 0 || eventId.length > MAX_VALUE_LENGTH
        ? `needs an event ID of 1 to ${MAX_VALUE_LENGTH} characters after the region`
        : null;
  if (problem) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} ${problem} (account:region:eventId)` });
    return z.NEVER;
  }
  return { accountId, region, eventId };
});

const paramsSchema = z
  .object({
    ids: z
      .string({ error: "is required: two to five account:region:eventId values, comma-separated" })
      .transform((v) => v.split(",").filter((id) => id.trim() !== ""))
      .pipe(
        z
          .array(idSchema)
          .min(2, "must name at least two events to compare")
          .max(MAX_COMPARED, `can name at most ${MAX_COMPARED} events`),
      ),
  })
  .strict();

export type ParsedCompareIds = { ok: true; ids: CompareId[] } | { ok: false; issues: ParamIssue[] };

/** The compare view's parameters; repeated and unknown parameters are refused by name. */
export function parseCompareParams(params: URLSearchParams): ParsedCompareIds {
  const parsed = parseParams(params, paramsSchema);
  if (!parsed.ok) return parsed;
  const keys = parsed.value.ids.map((id) => `${id.accountId}:${id.region}:${id.eventId}`);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated) return { ok: false, issues: [{ param: "ids", message: `names ${repeated} twice` }] };
  return { ok: true, ids: parsed.value.ids };
}

export interface ComparedRow {
  label: string;
  /** One text per event; null where the event has no value. */
  values: (string | null)[];
  differs: boolean;
}

const differ = (values: readonly (string | null)[]) => values.some((v) => v !== values[0]);

const FIELDS: { group: string; label: string; value: (e: AuditEvent) => string | null }[] = [
  { group: "Who", label: "Identity", value: (e) => e.who.display },
  { group: "Who", label: "Identity type", value: (e) => e.who.type },
  { group: "Who", label: "ARN", value: (e) => e.who.arn },
  { group: "Who", label: "Access key", value: (e) => e.accessKeyId },
  { group: "When", label: "Event time", value: (e) => e.eventTime },
  { group: "Where", label: "Account", value: (e) => e.accountId },
  { group: "Where", label: "Region", value: (e) => e.awsRegion },
  { group: "Where", label: "Source IP", value: (e) => e.sourceIPAddress },
  { group: "Where", label: "User agent", value: (e) => e.userAgent },
  { group: "What", label: "Event source", value: (e) => e.eventSource },
  { group: "What", label: "Event name", value: (e) => e.eventName },
  {
    group: "What",
    label: "Resources",
    value: (e) => e.resources.map((r) => (r.type ? `${r.type} ${r.name}` : r.name)).join(", ") || null,
  },
  { group: "What", label: "Read-only", value: (e) => String(e.readOnly) },
  { group: "Response", label: "Error code", value: (e) => e.errorCode },
  { group: "Response", label: "Error message", value: (e) => e.errorMessage },
];

/** Who, when, where, what and response of each event, grouped, each row marked when the events differ. */
export function compareFields(events: readonly AuditEvent[]): (ComparedRow & { group: string })[] {
  return FIELDS.map(({ group, label, value }) => {
    const values = events.map(value);
    return { group, label, values, differs: differ(values) };
  });
}

function flatten(value: unknown, path: string, out: Map<string, string>) {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`${path}[${i}]`, v] as const)
      : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? "[]" : "{}");
    for (const [p, v] of entries) flatten(v, p, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

/**
 * The full records as rows of leaf paths (`requestParameters.bucketName`, `resources[0].ARN`), in the
 * first record's order then each later record's new paths, so one record's fields line up with the others'.
 */
export function compareRecords(records: readonly Record<string, unknown>[]): ComparedRow[] {
  const flat = records.map((record) => {
    const out = new Map<string, string>();
    flatten(record, "", out);
    return out;
  });
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return paths.map((label) => {
    const values = flat.map((f) => f.get(label) ?? null);
    return { label, values, differs: differ(values) };
  });
}
