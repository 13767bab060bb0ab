import { z } from "zod";
import { accountIdSchema, commaList, regionSchema } from "../shared/aws-names";
import { CLIENT_KINDS, IDENTITY_TYPES, type AuditEvent, type ClientKind } from "../events/audit-event";
import { EVENT_KINDS } from "../events/event-kinds";

/**
 * The one registry of what Trailscope knows about each field of an event and each filter of the query:
 * its label, its table column, its CSV column, its URL filter (validation and chip), its facet and
 * whether free text searches it. Columns, CSV, facets, the filter bar, the URL parser and the store's
 * SQL are all derived from this list, so adding a field is one entry here (docs/architecture.md).
 * The list's order is the order of every derived list: CSV columns (a documented format), the column
 * chooser, the filter bar's attributes and the facets.
 */

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 100_000;
export const MAX_REGIONS = 40;
export const MAX_VALUE_LENGTH = 2000;
export const MAX_ACCOUNTS = 100;

/** LookupEvents' attribute values: case-sensitive, 1-2000 characters. */
const lookupValue = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_VALUE_LENGTH, `must be at most ${MAX_VALUE_LENGTH} characters`);

const cidrOrIp = z
  .string()
  .trim()
  .max(64)
  .refine(
    (v) =>
      /^(\d{1,3}\.){3}\d{1,3}(\/([0-9]|[12]\d|3[0-2]))?$/.test(v) ||
      /^[0-9a-fA-F:]+(\/\d{1,3})?$/.test(v) ||
      /^[a-z0-9.-]+\.amazonaws\.com$/.test(v),
    { message: "must be an IP address, a CIDR block or an AWS service host" },
  );

export const CLIENT_LABELS: Record<ClientKind, string> = {
  console: "Console",
  cli: "CLI",
  sdk: "SDK",
  terraform: "Terraform",
  "aws-service": "AWS service",
  other: "Other",
};

export const READ_ONLY_LABELS = {
  false: "Read-only: false (create, modify, delete)",
  true: "Read-only: true (read events only)",
  all: "Read-only: all (reads and writes)",
} as const;

export interface FieldColumn {
  size: number;
  minSize?: number;
  maxSize?: number;
  /** `basic` compares the raw value (ISO times sort as text would not if zones differed). */
  sort?: "basic" | "text";
  sortDescFirst?: boolean;
}

export interface FieldFilter {
  /** Validates the URL value; the parameter is the field's id. */
  schema: z.ZodType;
  /** Offered in the filter bar's "Add a filter" with this placeholder example. */
  example?: string;
  /** False when the page shows the filter on its own instead of as a removable chip. */
  chip?: boolean;
}

export interface FieldDefinition {
  /** The URL's name for the field: its `columns=` id, its filter parameter and its facet id. */
  id: string;
  label: string;
  /** The field of one event as text: what a facet counts and a filter on this field selects. */
  value?: (event: AuditEvent) => string | null;
  /** Display names of the field's values, where the raw value is a code. */
  valueLabels?: Readonly<Record<string, string>>;
  /** A table column showing `value` (or `columnValue`), unless the table gives it its own cell. */
  column?: FieldColumn;
  columnValue?: (event: AuditEvent) => string | null;
  /** The CSV header and, when it differs from `value`, the CSV cell. */
  csv?: { header: string; value?: (event: AuditEvent) => string };
  filter?: FieldFilter;
  /** The store column the facet groups on (lib/store/schema.ts); the facet counts `value`. */
  facet?: { storeColumn: string };
  /** The texts free-text search (`q`) looks in besides the whole record; true means `value`. */
  search?: true | ((event: AuditEvent) => readonly (string | null)[]);
}

export const FIELDS = [
  {
    id: "when",
    label: "Event time",
    value: (e) => e.eventTime,
    // Wide enough for the whole "2026-11-25 12:03:04 UTC" at the table's font: a cut time is unreadable.
    column: { size: 192, minSize: 192, maxSize: 210, sort: "basic", sortDescFirst: true },
    csv: { header: "eventTime" },
  },
  {
    id: "eventName",
    label: "Event name",
    value: (e) => e.eventName,
    column: { size: 170, minSize: 100 },
    csv: { header: "eventName" },
    filter: { schema: lookupValue.optional(), example: "DeleteBucket" },
    facet: { storeColumn: "event_name" },
    search: true,
  },
  {
    id: "eventSource",
    label: "Event source",
    value: (e) => e.eventSource,
    column: { size: 160, minSize: 90 },
    csv: { header: "eventSource" },
    filter: { schema: lookupValue.optional(), example: "s3.amazonaws.com" },
    facet: { storeColumn: "event_source" },
    search: true,
  },
  {
    id: "region",
    label: "Region",
    value: (e) => e.awsRegion,
    column: { size: 100, minSize: 84, maxSize: 130 },
    csv: { header: "awsRegion" },
    filter: {
      schema: z
        .union([z.literal("all"), commaList(regionSchema, { noun: "region", max: MAX_REGIONS })])
        .optional(),
    },
    facet: { storeColumn: "aws_region" },
    search: true,
  },
  {
    id: "account",
    label: "Account",
    value: (e) => e.accountId,
    column: { size: 150, minSize: 110, maxSize: 260 },
    csv: { header: "account" },
    filter: {
      schema: z
        .union([z.literal("all"), commaList(accountIdSchema, { noun: "account", max: MAX_ACCOUNTS })])
        .optional(),
    },
    search: true,
  },
  {
    // Username is what LookupEvents filters on (an assumed role's session name), so it is the user facet.
    id: "username",
    label: "User name",
    value: (e) => e.username,
    column: { size: 150 },
    csv: { header: "username" },
    filter: { schema: lookupValue.optional(), example: "alice" },
    facet: { storeColumn: "username" },
    search: true,
  },
  {
    id: "who",
    label: "Who",
    value: (e) => e.who.display,
    column: { size: 220, minSize: 120 },
    csv: { header: "who" },
    search: true,
  },
  {
    id: "identityType",
    label: "Identity type",
    value: (e) => e.who.type,
    csv: { header: "identityType" },
    filter: {
      schema: commaList(z.enum(IDENTITY_TYPES), {
        noun: "identity type",
        max: IDENTITY_TYPES.length,
      }).optional(),
    },
    facet: { storeColumn: "identity_type" },
  },
  {
    id: "principalArn",
    label: "Principal ARN",
    value: (e) => e.who.arn,
    csv: { header: "principalArn" },
    search: true,
  },
  {
    id: "sourceIp",
    label: "Source IP",
    value: (e) => e.sourceIPAddress,
    column: { size: 120, minSize: 90, maxSize: 260 },
    csv: { header: "sourceIPAddress" },
    filter: { schema: cidrOrIp.optional() },
    search: true,
  },
  {
    id: "client",
    label: "Client",
    value: (e) => e.client,
    valueLabels: CLIENT_LABELS,
    column: { size: 84, minSize: 70, maxSize: 120 },
    csv: { header: "client" },
    filter: {
      schema: commaList(z.enum(CLIENT_KINDS), { noun: "client kind", max: CLIENT_KINDS.length }).optional(),
    },
    facet: { storeColumn: "client" },
  },
  {
    // Where the row was read (Event history or the trail archive), for source=all's union.
    id: "origin",
    label: "Origin",
    value: (e) => e.origin ?? null,
    valueLabels: { history: "Event history", archive: "Archive" },
    column: { size: 90, minSize: 70, maxSize: 130 },
  },
  {
    id: "userAgent",
    label: "User agent",
    value: (e) => e.userAgent,
    column: { size: 260 },
    csv: { header: "userAgent" },
    search: true,
  },
  {
    id: "errors",
    label: "Errors",
    filter: { schema: z.enum(["only", "exclude"]).optional() },
  },
  {
    id: "response",
    label: "Response",
    value: (e) => e.errorCode,
    column: { size: 120, minSize: 90, maxSize: 240 },
  },
  {
    id: "errorCode",
    label: "Error code",
    value: (e) => e.errorCode,
    column: { size: 150 },
    csv: { header: "errorCode" },
    // A comma list: one refusal has several codes (AccessDenied, AccessDeniedException, Client.UnauthorizedOperation).
    filter: { schema: commaList(lookupValue, { noun: "error code", max: 20 }).optional() },
    facet: { storeColumn: "error_code" },
    search: true,
  },
  {
    id: "errorMessage",
    label: "Error message",
    value: (e) => e.errorMessage,
    csv: { header: "errorMessage" },
    search: true,
  },
  {
    id: "resources",
    label: "Resources",
    columnValue: (e) => e.resources.map((r) => r.name).join(" "),
    column: { size: 210, minSize: 100 },
    csv: {
      header: "resources",
      value: (e) => e.resources.map((r) => (r.type ? `${r.type}:${r.name}` : r.name)).join("; "),
    },
  },
  {
    id: "resourceType",
    label: "Resource type",
    columnValue: (e) => [...new Set(e.resources.map((r) => r.type).filter(Boolean))].join(", "),
    column: { size: 170 },
    filter: { schema: lookupValue.optional(), example: "AWS::S3::Bucket" },
    search: (e) => e.resources.map((r) => r.type),
  },
  {
    id: "resourceName",
    label: "Resource name",
    filter: { schema: lookupValue.optional(), example: "my-bucket" },
    search: (e) => e.resources.map((r) => r.name),
  },
  {
    id: "kind",
    label: "Action",
    filter: { schema: commaList(z.enum(EVENT_KINDS), { noun: "kind", max: EVENT_KINDS.length }).optional() },
  },
  {
    id: "readOnly",
    label: "Read-only",
    value: (e) => String(e.readOnly),
    csv: { header: "readOnly" },
    valueLabels: READ_ONLY_LABELS,
    // The console's default: writes only. The filter bar shows it on its own, never as a removable chip.
    filter: { schema: z.enum(["false", "true", "all"]).default("false"), chip: false },
  },
  {
    id: "accessKeyId",
    label: "Access key",
    value: (e) => e.accessKeyId,
    column: { size: 180 },
    csv: { header: "accessKeyId" },
    filter: { schema: lookupValue.optional(), example: "AKIA…" },
    search: true,
  },
  {
    id: "requestId",
    label: "Request ID",
    value: (e) => e.requestId,
    column: { size: 260 },
    csv: { header: "requestId" },
  },
  {
    id: "eventId",
    label: "Event ID",
    value: (e) => e.eventId,
    column: { size: 280 },
    csv: { header: "eventId" },
    filter: { schema: lookupValue.optional(), example: "a1b2c3d4-…" },
    search: true,
  },
  {
    id: "q",
    label: "Search",
    filter: {
      // No control characters: no record field holds one worth searching, and the store separates its texts by one.
      schema: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .regex(/^\P{Cc}*$/u, "must not contain control characters")
        .optional(),
    },
  },
  {
    id: "limit",
    label: "Limit",
    filter: { schema: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT) },
  },
] as const satisfies readonly FieldDefinition[];

type Field = (typeof FIELDS)[number];
export type FieldId = Field["id"];

export const FIELD_LABELS = Object.fromEntries(FIELDS.map((f) => [f.id, f.label])) as Record<FieldId, string>;

/** A field's value for display: its label when the value is a code (`aws-service` → "AWS service"). */
export function valueLabel(field: FieldDefinition, value: string): string {
  return field.valueLabels?.[value] ?? value;
}

type ColumnField = Extract<Field, { column: FieldColumn }>;
export type ColumnId = ColumnField["id"];
export const COLUMN_FIELDS: readonly (FieldDefinition & { id: ColumnId; column: FieldColumn })[] =
  FIELDS.filter((f): f is ColumnField => "column" in f);
export const COLUMN_IDS: readonly ColumnId[] = COLUMN_FIELDS.map((f) => f.id);

type FilterField = Extract<Field, { filter: FieldFilter }>;
export type FilterParam = FilterField["id"];
export const FILTER_FIELDS: readonly (FieldDefinition & { id: FilterParam; filter: FieldFilter })[] =
  FIELDS.filter((f): f is FilterField => "filter" in f);

/** The filters' part of the URL schema, keyed by parameter, with each field's own zod type. */
export type FilterShape = { [F in FilterField as F["id"]]: F["filter"]["schema"] };
export const FILTER_SHAPE = Object.fromEntries(
  FILTER_FIELDS.map((f) => [f.id, f.filter.schema]),
) as FilterShape;

/** The filters set by typing a value, in the order the filter bar offers them. */
export const VALUE_FILTERS = FILTER_FIELDS.flatMap((f) =>
  f.filter.example === undefined ? [] : [{ param: f.id, label: f.label, example: f.filter.example }],
);

/** The filters shown as removable chips: every filter but those the page shows on their own. */
export type ChipParam = Exclude<FilterParam, Extract<FilterField, { filter: { chip: false } }>["id"]>;

export interface FilterChip {
  param: ChipParam;
  label: string;
  value: string;
}

const chipFields: ReadonlyMap<string, FieldDefinition & { id: ChipParam }> = new Map(
  FILTER_FIELDS.flatMap((f) => (isChipField(f) ? [[f.id, f] as const] : [])),
);

function isChipField(field: FieldDefinition & { filter: FieldFilter }): field is FieldDefinition & {
  id: ChipParam;
  filter: FieldFilter;
} {
  return field.filter.chip !== false;
}

/**
 * The filters in effect besides read-only and the time range, which the page shows on their own, in
 * the URL's order: the order they were added in.
 */
export function filterChips(params: Iterable<[string, string]>): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const [param, value] of params) {
    const field = chipFields.get(param);
    if (field && value && !chips.some((c) => c.param === field.id)) {
      chips.push({ param: field.id, label: field.label, value });
    }
  }
  return chips;
}

type FacetField = Extract<Field, { facet: object }>;
export type FacetId = FacetField["id"];
export const FACET_FIELDS: readonly (FieldDefinition & {
  id: FacetId;
  facet: { storeColumn: string };
  value: (event: AuditEvent) => string | null;
})[] = FIELDS.filter((f): f is FacetField => "facet" in f);

export const CSV_FIELDS: readonly (FieldDefinition & { csv: { header: string } })[] = FIELDS.filter(
  (f): f is Extract<Field, { csv: object }> => "csv" in f,
);

const searched = FIELDS.flatMap((f): ((event: AuditEvent) => readonly (string | null)[])[] => {
  if (!("search" in f)) return [];
  const value: FieldDefinition["value"] = "value" in f ? f.value : undefined;
  if (f.search === true) return value ? [(e) => [value(e)]] : [];
  return [f.search];
});

/** The texts free text (`q`) searches besides the whole record; the store indexes the same list. */
export function freeTextFields(event: AuditEvent): (string | null)[] {
  return searched.flatMap((texts) => texts(event));
}
