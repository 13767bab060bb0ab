import type { AuditEvent } from "@/lib/events/audit-event";
import { COLUMN_LABELS, type ColumnId } from "@/lib/query/url-state";
import { AccountCell } from "@/components/accounts/account-names";
import { Checkbox } from "@/components/ui/checkbox";
import { ResourcesCell, ResponseCell, TextCell, WhenCell, WhoCell } from "./event-cells";
import { CLIENT_LABELS } from "./format";
import { eventColumnHelper as helper } from "./table-features";

const text = (
  id: ColumnId,
  value: (e: AuditEvent) => string | null,
  size: number,
  bounds: { minSize?: number; maxSize?: number } = {},
) =>
  helper.accessor((e) => value(e) ?? "", {
    id,
    header: COLUMN_LABELS[id],
    size,
    ...bounds,
    sortFn: "text",
    cell: (ctx) => <TextCell value={ctx.getValue()} />,
  });

/** Not a URL column: the row checkbox, always first, for choosing events to compare. */
export const SELECT_COLUMN_ID = "select";

/**
 * Every column the table can show; `id`s are the URL's `columns=` names. Sizes are what a column asks
 * for; the table scales them to the screen within each column's bounds.
 */
export const eventColumns = helper.columns([
  helper.display({
    id: SELECT_COLUMN_ID,
    size: 36,
    minSize: 36,
    maxSize: 36,
    enableSorting: false,
    enableResizing: false,
    header: "Select",
    cell: (ctx) => (
      <Checkbox
        checked={ctx.row.getIsSelected()}
        onCheckedChange={(checked) => ctx.row.toggleSelected(checked === true)}
        onClick={(e) => e.stopPropagation()}
        aria-label={`Select ${ctx.row.original.eventName} at ${ctx.row.original.eventTime} to compare`}
      />
    ),
  }),
  helper.accessor((e) => e.eventTime, {
    id: "when",
    header: COLUMN_LABELS.when,
    // Wide enough for the whole "2026-11-25 12:03:04 UTC" at the table's font: a cut time is unreadable.
    size: 192,
    minSize: 192,
    maxSize: 210,
    sortFn: "basic",
    sortDescFirst: true,
    cell: (ctx) => <WhenCell iso={ctx.row.original.eventTime} />,
  }),
  helper.accessor((e) => e.who.display, {
    id: "who",
    header: COLUMN_LABELS.who,
    size: 220,
    minSize: 120,
    sortFn: "text",
    cell: (ctx) => <WhoCell event={ctx.row.original} />,
  }),
  text("eventName", (e) => e.eventName, 170, { minSize: 100 }),
  text("eventSource", (e) => e.eventSource, 160, { minSize: 90 }),
  helper.accessor((e) => e.resources.map((r) => r.name).join(" "), {
    id: "resources",
    header: COLUMN_LABELS.resources,
    size: 210,
    minSize: 100,
    sortFn: "text",
    cell: (ctx) => <ResourcesCell event={ctx.row.original} />,
  }),
  text("region", (e) => e.awsRegion, 100, { minSize: 84, maxSize: 130 }),
  text("sourceIp", (e) => e.sourceIPAddress, 120, { minSize: 90, maxSize: 260 }),
  text("client", (e) => CLIENT_LABELS[e.client] ?? e.client, 84, { minSize: 70, maxSize: 120 }),
  helper.accessor((e) => e.errorCode ?? "", {
    id: "response",
    header: COLUMN_LABELS.response,
    size: 120,
    minSize: 90,
    maxSize: 240,
    sortFn: "text",
    cell: (ctx) => <ResponseCell event={ctx.row.original} />,
  }),
  text("username", (e) => e.username, 150),
  text("resourceType", (e) => [...new Set(e.resources.map((r) => r.type).filter(Boolean))].join(", "), 170),
  text("errorCode", (e) => e.errorCode, 150),
  text("accessKeyId", (e) => e.accessKeyId, 180),
  text("requestId", (e) => e.requestId, 260),
  text("eventId", (e) => e.eventId, 280),
  text("userAgent", (e) => e.userAgent, 260),
  helper.accessor((e) => e.accountId, {
    id: "account",
    header: COLUMN_LABELS.account,
    size: 150,
    minSize: 110,
    maxSize: 260,
    sortFn: "text",
    cell: (ctx) => <AccountCell accountId={ctx.row.original.accountId} />,
  }),
]);
