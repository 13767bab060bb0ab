import { CSV_INCOMPLETE_PREFIX } from "./csv";
import type { ExportFormat } from "./export-format";

/**
 * Reads, from the end of a downloaded export, whether it holds every matching event. A JSON or NDJSON
 * export without its summary was cut off in transit; a CSV export is complete unless it ends with the
 * incomplete line (a cut-off CSV download is caught by the transfer itself failing).
 */

export type ExportVerdict =
  | { state: "complete"; rows: number | null }
  | { state: "incomplete"; rows: number | null; reason: string }
  | { state: "cut-off" };

interface SummaryFields {
  rows?: unknown;
  complete?: unknown;
  incompleteReason?: unknown;
}

function fromSummary(summary: SummaryFields): ExportVerdict {
  const rows = typeof summary.rows === "number" ? summary.rows : null;
  if (summary.complete === true) return { state: "complete", rows };
  const reason =
    typeof summary.incompleteReason === "string" ? summary.incompleteReason : "not every event was exported";
  return { state: "incomplete", rows, reason };
}

function parseObject(text: string): SummaryFields | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? (value as SummaryFields) : null;
  } catch {
    return null;
  }
}

/** `tail` is the end of the file: enough to hold its last line (or, for JSON, what follows the events). */
export function readExportVerdict(format: ExportFormat, tail: string): ExportVerdict {
  const trimmed = tail.replace(/\s+$/, "");
  switch (format) {
    case "csv": {
      const lastLine = trimmed.slice(trimmed.lastIndexOf("\n") + 1);
      return lastLine.startsWith(CSV_INCOMPLETE_PREFIX)
        ? { state: "incomplete", rows: null, reason: lastLine.slice(CSV_INCOMPLETE_PREFIX.length + 3) }
        : { state: "complete", rows: null };
    }
    case "json": {
      const at = trimmed.lastIndexOf("\n],");
      const summary = at >= 0 ? parseObject(`{${trimmed.slice(at + 3)}`) : null;
      return summary ? fromSummary(summary) : { state: "cut-off" };
    }
    case "ndjson": {
      const line = parseObject(trimmed.slice(trimmed.lastIndexOf("\n") + 1)) as {
        exportSummary?: SummaryFields;
      } | null;
      return line?.exportSummary ? fromSummary(line.exportSummary) : { state: "cut-off" };
    }
  }
}
