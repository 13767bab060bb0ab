import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
} from "@tanstack/react-table";
import type { AuditEvent } from "@/lib/events/audit-event";

/** The table's features, registered once: sorting over the loaded rows, column choice, order and widths. */
export const eventTableFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnSizingFeature,
  columnResizingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic, text: sortFn_text },
});

export type EventTableFeatures = typeof eventTableFeatures;

export const eventColumnHelper = createColumnHelper<EventTableFeatures, AuditEvent>();
