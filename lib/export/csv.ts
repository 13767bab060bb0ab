import type { AuditEvent } from "@/lib/events/audit-event";
import { CSV_FIELDS } from "@/lib/query/fields";

/**
 * CSV serialization of events (RFC 4180: comma separated, CRLF line ends, fields holding a comma, a quote
 * or a line break are quoted, quotes doubled).
 *
 * Every string in an event is attacker-controlled. A spreadsheet treats a cell starting with `=`, `+`, `-`
 * or `@` as a formula (and tab or carriage return can hide such a start), so a user agent like
 * `=HYPERLINK(...)` would run when the export is opened. Such cells get a leading single quote, which
 * spreadsheets show as text: the value is still readable, and the change is visible rather than silent.
 */

export interface CsvColumn {
  header: string;
  value: (event: AuditEvent) => string;
}

/** In the registry's order, which docs/api.md documents: scripts read these columns by position. */
export const CSV_COLUMNS: readonly CsvColumn[] = CSV_FIELDS.map((field) => ({
  header: field.csv.header,
  value: field.csv.value ?? ((e) => field.value?.(e) ?? ""),
}));

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to a cell a spreadsheet would read as a formula. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Quotes a field when RFC 4180 requires it. */
export function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => quoteCell(neutralizeCell(cell))).join(",")}\r\n`;
}

export function csvHeaderLine(): string {
  return csvLine(CSV_COLUMNS.map((c) => c.header));
}

export function csvEventLine(event: AuditEvent): string {
  return csvLine(CSV_COLUMNS.map((c) => c.value(event)));
}

/**
 * The line that ends an export which does not hold every matching event. CSV has no trailer, so it is a
 * record of one field starting with `#` (no comma or quote in it, so it stays unquoted and easy to spot);
 * a complete export has no such line.
 */
export const CSV_INCOMPLETE_PREFIX = "# trailscope: INCOMPLETE EXPORT";

export function csvIncompleteLine(reason: string): string {
  const flat = reason.replace(/[",\r\n]+/g, " ").trim();
  return `${CSV_INCOMPLETE_PREFIX} - ${flat}\r\n`;
}
