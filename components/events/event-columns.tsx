import type { AuditEvent } from "@/lib/events/audit-event";
import { COLUMN_LABELS, type ColumnId } from "@/lib/query/url-state";
import { AccountCell } from "@/components/accounts/account-names";
import { ResourcesCell, ResponseCell, WhenCell, WhoCell } from "./event-cells";
import { CLIENT_LABELS } from "./format";
import { eventColumnHelper as helper } from "./table-features";

const text = (id: ColumnId, value: (e: AuditEvent) => string | null, size: number) =>
  helper.accessor((e) => value(e) ?? "", { id, header: COLUMN_LABELS[id], size, sortFn: "text" });

/** Every column the table can show; `id`s are the URL's `columns=` names. */
export const eventColumns = helper.columns([
  helper.accessor((e) => e.eventTime, {
    id: "when",
    header: COLUMN_LABELS.when,
    size: 190,
    sortFn: "basic",
    sortDescFirst: true,
    cell: (ctx) => <WhenCell iso={ctx.row.original.eventTime} />,
  }),
  helper.accessor((e) => e.who.display, {
    id: "who",
    header: COLUMN_LABELS.who,
    size: 280,
    sortFn: "text",
    cell: (ctx) => <WhoCell event={ctx.row.original} />,
  }),
  text("eventName", (e) => e.eventName, 190),
  text("eventSource", (e) => e.eventSource, 190),
  helper.accessor((e) => e.resources.map((r) => r.name).join(" "), {
    id: "resources",
    header: COLUMN_LABELS.resources,
    size: 280,
    sortFn: "text",
    cell: (ctx) => <ResourcesCell event={ctx.row.original} />,
  }),
  text("region", (e) => e.awsRegion, 110),
  text("sourceIp", (e) => e.sourceIPAddress, 140),
  text("client", (e) => CLIENT_LABELS[e.client] ?? e.client, 100),
  helper.accessor((e) => e.errorCode ?? "", {
    id: "response",
    header: COLUMN_LABELS.response,
    size: 150,
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
    size: 210,
    sortFn: "text",
    cell: (ctx) => <AccountCell accountId={ctx.row.original.accountId} />,
  }),
]);
