import type { ColumnSizingState } from "@tanstack/react-table";

export interface ColumnWidthSpec {
  id: string;
  /** The width the column asks for. */
  size: number;
  minSize: number;
  maxSize: number;
}

/**
 * Widths for the visible columns that fill `available` pixels: each column not resized by hand is
 * scaled from its own size, within its bounds, so the table fits the screen without scrolling
 * sideways until the columns' minimum widths no longer fit. Columns in `fixed` keep their width.
 */
export function fitColumnWidths(
  columns: readonly ColumnWidthSpec[],
  available: number,
  fixed: ColumnSizingState = {},
): ColumnSizingState {
  const out: ColumnSizingState = {};
  let free = columns.filter((c) => fixed[c.id] === undefined);
  let room = available - columns.reduce((sum, c) => sum + (fixed[c.id] ?? 0), 0);
  if (available <= 0 || free.length === 0) return out;
  // A column held at a bound gives its share back to the others, so settle the bounded ones first.
  for (;;) {
    const wanted = free.reduce((sum, c) => sum + c.size, 0);
    const scale = room / wanted;
    const bounded = free.filter((c) => c.size * scale < c.minSize || c.size * scale > c.maxSize);
    if (bounded.length === 0) {
      for (const c of free) out[c.id] = Math.floor(c.size * scale);
      return out;
    }
    for (const c of bounded) {
      out[c.id] = c.size * scale < c.minSize ? c.minSize : c.maxSize;
      room -= out[c.id]!;
    }
    free = free.filter((c) => !bounded.includes(c));
    if (free.length === 0) return out;
  }
}
