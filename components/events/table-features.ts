import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
} from "@tanstack/react-table";
import type { AuditEvent } from "@/lib/events/audit-event";

/**
 * The table's features, registered once: sorting over the loaded rows, column choice, order and
 * widths, and the rows chosen for side-by-side comparison.
 */
export const eventTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnSizingFeature,
  columnResizingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic, text: sortFn_text },
});

export type EventTableFeatures = typeof eventTableFeatures;

export const eventColumnHelper = createColumnHelper<EventTableFeatures, AuditEvent>();
