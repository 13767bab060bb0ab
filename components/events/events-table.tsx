"use client";

import {
  functionalUpdate,
  useTable,
  type ColumnSizingState,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import { COLUMN_IDS, COLUMN_LABELS, type ColumnId, type SortState } from "@/lib/query/url-state";
import { eventColumns, SELECT_COLUMN_ID } from "./event-columns";
import { fitColumnWidths } from "./fit-columns";
import { eventTableFeatures } from "./table-features";
import { eventKey } from "./use-event-stream";

/** Fixed height keeps 100k rows cheap: the virtualizer never measures. */
const ROW_HEIGHT = 32;
// Stable identity: a new function on each render would make the virtualizer recompute every row's offset.
const estimateRowSize = () => ROW_HEIGHT;
const MIN_SIZE = 70;
const MAX_SIZE = 800;

export interface EventsTableProps {
  events: AuditEvent[];
  columns: ColumnId[];
  sort: SortState;
  onSortChange: (sort: SortState) => void;
  /** The event shown in the detail panel, by `eventKey`. */
  openKey: string | null;
  onOpen: (event: AuditEvent) => void;
  onClose: () => void;
  /** Shown in the body when there are no rows (the caller knows whether that means "none match" or "failed"). */
  emptyMessage: ReactNode;
  /** The rows chosen for comparison, by `eventKey`; the caller decides whether a change is allowed. */
  rowSelection: RowSelectionState;
  onRowSelectionChange: (next: RowSelectionState) => void;
}

export function EventsTable({
  events,
  columns,
  sort,
  onSortChange,
  openKey,
  onOpen,
  onClose,
  emptyMessage,
  rowSelection,
  onRowSelectionChange,
}: EventsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(0);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // clientWidth leaves out the vertical scrollbar, so fitted columns never cause a horizontal one.
    const measure = () => setAvailable(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  /** Widths set by dragging a column edge; every other column is fitted to the room left. */
  const [resized, setResized] = useState<ColumnSizingState>({});
  const visibleIds = useMemo(() => [SELECT_COLUMN_ID, ...columns], [columns]);
  const columnSizing = useMemo<ColumnSizingState>(() => {
    const specs = visibleIds.flatMap((id) => {
      const def = eventColumns.find((c) => c.id === id);
      return def
        ? [{ id, size: def.size ?? 150, minSize: def.minSize ?? MIN_SIZE, maxSize: def.maxSize ?? MAX_SIZE }]
        : [];
    });
    return { ...fitColumnWidths(specs, available, resized), ...resized };
  }, [visibleIds, available, resized]);
  const sorting = useMemo<SortingState>(
    () => [{ id: sort.column, desc: sort.desc }],
    [sort.column, sort.desc],
  );
  const columnVisibility = useMemo(
    () => ({
      [SELECT_COLUMN_ID]: true,
      ...Object.fromEntries(COLUMN_IDS.map((id) => [id, columns.includes(id)])),
    }),
    [columns],
  );
  const columnOrder = useMemo(
    () => [SELECT_COLUMN_ID, ...columns, ...COLUMN_IDS.filter((id) => !columns.includes(id))],
    [columns],
  );

  const table = useTable({
    features: eventTableFeatures,
    columns: eventColumns,
    data: events,
    getRowId: eventKey,
    state: { sorting, columnVisibility, columnOrder, columnSizing, rowSelection },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      const column = COLUMN_IDS.find((id) => id === next?.id);
      if (next && column) onSortChange({ column, desc: next.desc });
    },
    onColumnSizingChange: (updater) => {
      const next = functionalUpdate(updater, columnSizing);
      setResized((previous) => {
        const out = { ...previous };
        // A double-click resets a column: it drops out of the sizing state and is fitted again.
        for (const id of Object.keys(columnSizing)) if (!(id in next)) delete out[id];
        for (const [id, size] of Object.entries(next)) if (size !== columnSizing[id]) out[id] = size;
        return out;
      });
    },
    onRowSelectionChange: (updater) => onRowSelectionChange(functionalUpdate(updater, rowSelection)),
    enableSubRowSelection: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    // Text columns start ascending even before any row has loaded (the automatic choice looks at the first row).
    sortDescFirst: false,
    columnResizeMode: "onChange",
    defaultColumn: { minSize: MIN_SIZE, maxSize: MAX_SIZE },
  });

  const rows = table.getRowModel().rows;
  // The project does not run the React Compiler; the virtualizer's functions are only read during render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: estimateRowSize,
    overscan: 12,
  });

  const [activeKey, setActiveKey] = useState<string | null>(openKey);
  useEffect(() => {
    if (openKey) setActiveKey(openKey);
  }, [openKey]);
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const activeIndex = activeKey === null ? -1 : (indexById.get(activeKey) ?? -1);

  const moveTo = useCallback(
    (index: number) => {
      const clamped = Math.max(0, Math.min(rows.length - 1, index));
      const row = rows[clamped];
      if (!row) return;
      setActiveKey(row.id);
      virtualizer.scrollToIndex(clamped, { align: "auto" });
    },
    [rows, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex <= 0 ? 0 : activeIndex - 1),
      PageDown: () => moveTo(activeIndex + page),
      PageUp: () => moveTo(Math.max(0, activeIndex - page)),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => {
        const row = rows[activeIndex];
        if (row) onOpen(row.original);
      },
      Escape: onClose,
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const totalWidth = table.getTotalSize();
  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Events"
      aria-rowcount={rows.length + 1}
      aria-colcount={headers.length}
      aria-activedescendant={activeIndex >= 0 ? `event-row-${activeIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="relative h-[calc(100vh-300px)] min-h-[360px] overflow-auto rounded-md border border-slate-200 bg-white text-[13px] focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div role="rowgroup" className="sticky top-0 z-10" style={{ width: totalWidth, minWidth: "100%" }}>
        <div role="row" aria-rowindex={1} className="flex border-b border-slate-200 bg-slate-50">
          {headers.map((header) => {
            const sorted = header.column.getIsSorted();
            if (header.column.id === SELECT_COLUMN_ID) {
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  className="flex h-8 shrink-0 items-center justify-center border-r border-slate-200"
                  style={{ width: header.getSize() }}
                >
                  <span className="sr-only">Compare</span>
                </div>
              );
            }
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                className="relative flex h-8 shrink-0 items-center border-r border-slate-200 px-2 text-xs font-semibold text-slate-600"
                style={{ width: header.getSize() }}
              >
                <button
                  type="button"
                  className="flex min-w-0 flex-1 items-center gap-1 text-left hover:text-slate-900"
                  onClick={header.column.getToggleSortingHandler()}
                  tabIndex={-1}
                >
                  <span className="truncate">{COLUMN_LABELS[header.column.id as ColumnId]}</span>
                  <span aria-hidden className="text-slate-400">
                    {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                  </span>
                </button>
                <div
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize ${COLUMN_LABELS[header.column.id as ColumnId]}`}
                  onMouseDown={header.getResizeHandler()}
                  onTouchStart={header.getResizeHandler()}
                  onDoubleClick={() => header.column.resetSize()}
                  className={`absolute top-0 right-0 h-full w-1.5 cursor-col-resize select-none hover:bg-sky-400 ${
                    header.column.getIsResizing() ? "bg-sky-500" : ""
                  }`}
                />
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="sticky left-0 p-8 text-center text-sm text-slate-500">{emptyMessage}</div>
      ) : (
        <div
          role="rowgroup"
          className="relative"
          style={{ height: virtualizer.getTotalSize(), width: totalWidth }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const active = item.index === activeIndex;
            const open = row.id === openKey;
            return (
              <div
                key={row.id}
                id={`event-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={active}
                data-event-id={row.original.eventId}
                onClick={() => {
                  setActiveKey(row.id);
                  onOpen(row.original);
                }}
                className={`absolute left-0 flex w-full cursor-pointer border-b border-slate-100 ${
                  open ? "bg-sky-100" : active ? "bg-sky-50" : row.original.errorCode ? "bg-red-50/30" : ""
                } hover:bg-slate-50 ${active ? "outline outline-1 -outline-offset-1 outline-sky-400" : ""}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row.getVisibleCells().map((cell) => (
                  <div
                    key={cell.id}
                    role="gridcell"
                    className="flex shrink-0 items-center overflow-hidden px-2 whitespace-nowrap"
                    style={{ width: cell.column.getSize() }}
                  >
                    <span className="min-w-0 truncate">
                      <table.FlexRender cell={cell} />
                    </span>
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
