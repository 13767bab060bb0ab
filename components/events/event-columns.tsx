import type { ReactNode } from "react";
import type { CellContext } from "@tanstack/react-table";
import type { AuditEvent } from "@/lib/events/audit-event";
import { COLUMN_FIELDS, valueLabel, type ColumnId } from "@/lib/query/fields";
import { AccountCell } from "@/components/accounts/account-names";
import { Checkbox } from "@/components/ui/checkbox";
import { ResourcesCell, ResponseCell, TextCell, WhenCell, WhoCell } from "./event-cells";
import { eventColumnHelper as helper, type EventTableFeatures } from "./table-features";

/** Not a URL column: the row checkbox, always first, for choosing events to compare. */
export const SELECT_COLUMN_ID = "select";

type EventCell = CellContext<EventTableFeatures, AuditEvent, string>;

/** The columns that show more than their text; every other column is its registry value as text. */
const CELLS: Partial<Record<ColumnId, (ctx: EventCell) => ReactNode>> = {
  when: (ctx) => <WhenCell iso={ctx.row.original.eventTime} />,
  who: (ctx) => <WhoCell event={ctx.row.original} />,
  resources: (ctx) => <ResourcesCell event={ctx.row.original} />,
  response: (ctx) => <ResponseCell event={ctx.row.original} />,
  account: (ctx) => <AccountCell accountId={ctx.row.original.accountId} />,
};

/**
 * Every column the table can show, from the field registry (lib/query/fields.ts); `id`s are the URL's
 * `columns=` names. Sizes are what a column asks for; the table scales them to the screen within each
 * column's bounds.
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
  ...COLUMN_FIELDS.map((field) => {
    const { sort = "text", ...sizes } = field.column;
    const value = field.columnValue ?? field.value;
    return helper.accessor(
      (e) => {
        const text = value?.(e) ?? "";
        return text === "" ? text : valueLabel(field, text);
      },
      {
        id: field.id,
        header: field.label,
        ...sizes,
        sortFn: sort,
        cell: CELLS[field.id] ?? ((ctx: EventCell) => <TextCell value={ctx.getValue()} />),
      },
    );
  }),
]);
