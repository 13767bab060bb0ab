import { parseCliDate } from "./cli-dates";
import { traverseDigests, type ValidateOptions, type ValidationEntry } from "./validator";
import { isoSeconds } from "../shared/time";

/** A finished validation: every entry in walk order, the counts, and the CLI's exact text. */

export interface ValidationCounts {
  valid: number;
  invalid: number;
}

export interface ValidationReport {
  trailArn: string;
  start: string;
  end: string;
  entries: ValidationEntry[];
  digests: ValidationCounts;
  logs: ValidationCounts;
  /** The range the valid digests cover, as the CLI reports it ("Results found for … to …"). */
  foundStart: string | null;
  foundEnd: string | null;
  /** 0 when everything is valid, 1 when anything is INVALID (gaps alone are not invalid). */
  exitCode: 0 | 1;
}

export interface OutputChunk {
  stream: "stdout" | "stderr";
  text: string;
}

export async function validateLogs(
  options: ValidateOptions,
  onEntry?: (entry: ValidationEntry) => void,
): Promise<ValidationReport> {
  const entries: ValidationEntry[] = [];
  const digests = { valid: 0, invalid: 0 };
  const logs = { valid: 0, invalid: 0 };
  let foundStart = options.start;
  let foundEnd: Date | undefined;
  for await (const entry of traverseDigests(options)) {
    entries.push(entry);
    onEntry?.(entry);
    if (entry.type === "digest") {
      if (entry.valid) {
        digests.valid++;
        // The CLI keeps the last start after the requested start, and the first end (capped at the requested end).
        const start = parseCliDate(entry.digestStartTime)!;
        if (start > options.start) foundStart = start;
        if (!foundEnd) {
          const end = parseCliDate(entry.digestEndTime)!;
          foundEnd = end < options.end ? end : options.end;
        }
      } else digests.invalid++;
    } else if (entry.type === "log") {
      if (entry.valid) logs.valid++;
      else logs.invalid++;
    }
  }
  return {
    trailArn: options.trailArn,
    start: options.start.toISOString(),
    end: options.end.toISOString(),
    entries,
    digests,
    logs,
    foundStart: foundEnd ? foundStart.toISOString() : null,
    foundEnd: foundEnd ? foundEnd.toISOString() : null,
    exitCode: digests.invalid > 0 || logs.invalid > 0 ? 1 : 0,
  };
}

export function startupText(trailArn: string, start: Date, end: Date): string {
  return `Validating log files for trail ${trailArn} between ${isoSeconds(start)} and ${isoSeconds(end)}\n\n`;
}

function ratio(counts: ValidationCounts, name: string): string {
  const total = counts.valid + counts.invalid;
  if (total === 0) return "";
  const invalid = counts.invalid > 0 ? `, ${counts.invalid}/${total} ${name} files INVALID` : "";
  return `\n${counts.valid}/${total} ${name} files valid${invalid}`;
}

/** The summary lines in the CLI's form: `N/M digest files valid[, K/M digest files INVALID]`. */
export function summaryLines(report: ValidationReport): string[] {
  const lines = [
    `Results requested for ${isoSeconds(new Date(report.start))} to ${isoSeconds(new Date(report.end))}`,
  ];
  if (report.digests.valid + report.digests.invalid === 0) return [...lines, "No digests found"];
  if (!report.foundStart || !report.foundEnd) lines.push("No valid digests found in range");
  else {
    lines.push(
      `Results found for ${isoSeconds(new Date(report.foundStart))} to ${isoSeconds(new Date(report.foundEnd))}:`,
    );
  }
  for (const part of [ratio(report.digests, "digest"), ratio(report.logs, "log")]) {
    if (part) lines.push(part.slice(1));
  }
  return lines;
}

/**
 * The CLI's output byte for byte, chunk by chunk as the walk goes: the startup line, then valid files
 * on stdout (verbose only) and INVALID files and gaps on stderr, each error followed by a blank line,
 * then the summary.
 */
export function createCliFormatter(verbose: boolean) {
  let lastWasDoubleSpaced = true;
  return {
    startup: (trailArn: string, start: Date, end: Date): OutputChunk => ({
      stream: "stdout",
      text: startupText(trailArn, start, end),
    }),
    entry(entry: ValidationEntry): OutputChunk | undefined {
      if (entry.type === "chain") return undefined;
      if (entry.type === "gap" || !entry.valid) {
        const text = `${lastWasDoubleSpaced ? "" : "\n"}${entry.message}\n\n`;
        lastWasDoubleSpaced = true;
        return { stream: "stderr", text };
      }
      if (!verbose) return undefined;
      lastWasDoubleSpaced = false;
      return { stream: "stdout", text: `${entry.message}\n` };
    },
    summary(report: ValidationReport): OutputChunk {
      const lines = summaryLines(report);
      const head = `${lastWasDoubleSpaced ? "" : "\n"}${lines.slice(0, 2).join("\n")}\n`;
      if (report.digests.valid + report.digests.invalid === 0) return { stream: "stdout", text: head };
      const ratios = lines
        .slice(2)
        .map((line) => `\n${line}`)
        .join("");
      return { stream: "stdout", text: `${head}${ratios}\n` };
    },
  };
}

export function cliOutput(report: ValidationReport, verbose: boolean): OutputChunk[] {
  const formatter = createCliFormatter(verbose);
  const out = [formatter.startup(report.trailArn, new Date(report.start), new Date(report.end))];
  for (const entry of report.entries) {
    const chunk = formatter.entry(entry);
    if (chunk) out.push(chunk);
  }
  out.push(formatter.summary(report));
  return out;
}
