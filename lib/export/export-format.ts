import { z } from "zod";
import type { AuditEvent } from "@/lib/events/audit-event";
import type { QueryPlan, QueryWindow, SourceStatus } from "@/lib/events/api-contract";
import { MAX_LIMIT } from "@/lib/query/event-query";
import type { ParamIssue } from "@/lib/shared/params";
import { csvEventLine, csvHeaderLine, csvIncompleteLine } from "./csv";

/**
 * The three export formats, each written piece by piece as events arrive, each able to say that it
 * stopped short: CSV with a final `# trailscope: INCOMPLETE EXPORT` line (only when incomplete), JSON
 * with `complete` and `incompleteReason` after the `events` array (a cut-off download is invalid JSON),
 * NDJSON with a last line `{"exportSummary": {...}}`.
 */

export const EXPORT_FORMATS = ["csv", "json", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSummary {
  rows: number;
  /** True only when every source finished and nothing was cut by the limit. */
  complete: boolean;
  truncated: boolean;
  limit: number;
  apiCalls: number;
  sources: SourceStatus[];
  /** A failure that ended the stream itself (not one source). */
  error: string | null;
}

export interface ExportHead {
  plan: QueryPlan;
  window: QueryWindow;
}

export interface ExportEncoder {
  contentType: string;
  extension: string;
  head(head: ExportHead): string;
  event(event: AuditEvent, index: number): string;
  tail(summary: ExportSummary): string;
}

/** Why an export does not hold every matching event, in one line; null when it does. */
export function incompleteReason(summary: ExportSummary): string | null {
  if (summary.complete && !summary.error) return null;
  const reasons: string[] = [];
  if (summary.error) reasons.push(`the export stopped: ${summary.error}`);
  const failed = summary.sources.filter((s) => s.state === "failed" || s.state === "cancelled");
  for (const s of failed) {
    const why = s.state === "cancelled" ? "cancelled" : (s.error?.code ?? "failed");
    reasons.push(`${s.accountName || s.accountId} ${s.region}: ${why}`);
  }
  if (summary.truncated) {
    reasons.push(
      `stopped at the limit of ${summary.limit} events while more match (raise limit up to ${MAX_LIMIT} or narrow the filters)`,
    );
  }
  if (reasons.length === 0) reasons.push("not every source finished");
  return `${summary.rows} events written; ${reasons.join("; ")}`;
}

function summaryObject(summary: ExportSummary) {
  return {
    rows: summary.rows,
    complete: summary.complete && !summary.error,
    truncated: summary.truncated,
    incompleteReason: incompleteReason(summary),
    apiCalls: summary.apiCalls,
    sources: summary.sources,
  };
}

const csvEncoder: ExportEncoder = {
  contentType: "text/csv; charset=utf-8",
  extension: "csv",
  head: () => csvHeaderLine(),
  event: (event) => csvEventLine(event),
  tail: (summary) => {
    const reason = incompleteReason(summary);
    return reason ? csvIncompleteLine(reason) : "";
  },
};

const jsonEncoder: ExportEncoder = {
  contentType: "application/json; charset=utf-8",
  extension: "json",
  head: ({ plan, window }) =>
    `{"window":${JSON.stringify(window)},"plan":${JSON.stringify(plan)},"events":[\n`,
  event: (event, index) => `${index > 0 ? ",\n" : ""}${JSON.stringify(event)}`,
  tail: (summary) => {
    const rest = JSON.stringify(summaryObject(summary));
    return `\n],${rest.slice(1)}\n`;
  },
};

const ndjsonEncoder: ExportEncoder = {
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "ndjson",
  head: () => "",
  event: (event) => `${JSON.stringify(event)}\n`,
  tail: (summary) => `${JSON.stringify({ exportSummary: summaryObject(summary) })}\n`,
};

export function exportEncoder(format: ExportFormat): ExportEncoder {
  switch (format) {
    case "csv":
      return csvEncoder;
    case "json":
      return jsonEncoder;
    case "ndjson":
      return ndjsonEncoder;
  }
}

const formatSchema = z
  .enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(", ")}` })
  .default("csv");

/** The `format` parameter's value (CSV when absent); a repeated `format` is refused by parseParams. */
export function parseExportFormat(
  value: string | undefined,
): { ok: true; format: ExportFormat } | { ok: false; issue: ParamIssue } {
  const parsed = formatSchema.safeParse(value);
  return parsed.success
    ? { ok: true, format: parsed.data }
    : { ok: false, issue: { param: "format", message: parsed.error.issues[0]?.message ?? "is not valid" } };
}

const compactTime = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d+/, "");

/** `trailscope-events-20261125T100000Z-20261125T110000Z.csv`: the window in the name, sortable. */
export function exportFileName(window: { start: string; end: string }, format: ExportFormat): string {
  return `trailscope-events-${compactTime(window.start)}-${compactTime(window.end)}.${format}`;
}
