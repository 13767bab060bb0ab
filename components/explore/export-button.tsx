"use client";

import { useEffect, useRef, useState } from "react";
import { readApiError } from "@/components/lib/api-client";
import { Button } from "@/components/ui/button";
import type { ExportFormat } from "@/lib/export/export-format";
import { readExportVerdict, type ExportVerdict } from "@/lib/export/read-summary";
import { createRecordCounter } from "@/lib/export/record-counter";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/query/fields";

type ExportState =
  | { phase: "idle" }
  | { phase: "running"; format: ExportFormat; rows: number; bytes: number }
  | { phase: "saved"; file: string; rows: number; verdict: ExportVerdict }
  | { phase: "failed"; message: string };

/** Enough of the file's end to hold its summary (the per-source list of a large multi-account view). */
const TAIL_CHARS = 1 << 20;

const FORMAT_LABELS: Record<ExportFormat, string> = { csv: "CSV", json: "JSON", ndjson: "NDJSON" };

function fileNameFrom(response: Response, format: ExportFormat): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? `trailscope-events.${format}`;
}

function formatBytes(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1 << 20
      ? `${(n / 1024).toFixed(0)} KB`
      : `${(n / (1 << 20)).toFixed(1)} MB`;
}

/**
 * Downloads the current view (`query`: the `/api/events` parameters) from `/api/events/export`. The file is read through `fetch` (not a plain
 * link) so the page can count rows as they stream in, offer a cancel, and say whether the file holds
 * every matching event before saving it.
 */
export function ExportButton({ query, rowsLoaded = 0 }: { query: string; rowsLoaded?: number }) {
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const [stateQuery, setStateQuery] = useState(query);
  const controller = useRef<AbortController | null>(null);

  // A finished export's message is about the previous view; a running one goes on (it has its own URL).
  if (stateQuery !== query) {
    setStateQuery(query);
    if (state.phase === "saved" || state.phase === "failed") setState({ phase: "idle" });
  }

  useEffect(() => () => controller.current?.abort(), []);

  const run = async (format: ExportFormat) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ phase: "running", format, rows: 0, bytes: 0 });
    const params = new URLSearchParams(query);
    params.set("format", format);
    // "Load more" grows the table past the query's limit; the file holds at least what the table shows.
    const limit = Number(params.get("limit") ?? DEFAULT_LIMIT);
    if (rowsLoaded > limit) params.set("limit", String(Math.min(rowsLoaded, MAX_LIMIT)));
    try {
      const response = await fetch(`/api/events/export?${params.toString()}`, { signal: abort.signal });
      if (!response.ok || !response.body) {
        setState({ phase: "failed", message: (await readApiError(response)).message });
        return;
      }
      const counter = createRecordCounter(format);
      // CSV and JSON spend their first line on the header (or the window and plan).
      const overhead = format === "ndjson" ? 0 : 1;
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const decoder = new TextDecoder();
      let tail = "";
      let bytes = 0;
      let lastPaint = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        const text = decoder.decode(value, { stream: true });
        counter.push(text);
        tail = (tail + text).slice(-TAIL_CHARS);
        const now = performance.now();
        if (now - lastPaint > 100) {
          lastPaint = now;
          setState({ phase: "running", format, rows: Math.max(0, counter.records - overhead), bytes });
        }
      }
      const verdict = readExportVerdict(format, tail);
      // Besides the header, CSV's incomplete line and NDJSON's summary line are records but not events.
      const extra = format === "json" ? 1 : verdict.state === "incomplete" || format === "ndjson" ? 1 : 0;
      const rows =
        (verdict.state !== "cut-off" ? verdict.rows : null) ??
        Math.max(0, counter.records - overhead - extra);
      const file = fileNameFrom(response, format);
      const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get("Content-Type") ?? "" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = file;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ phase: "saved", file, rows, verdict });
    } catch (error) {
      if (abort.signal.aborted) {
        setState({ phase: "failed", message: "Export cancelled; nothing was saved." });
        return;
      }
      setState({
        phase: "failed",
        message: `The export stopped before the end (${error instanceof Error ? error.message : String(error)}); nothing was saved.`,
      });
    }
  };

  const running = state.phase === "running";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <div
        role="group"
        aria-label="Export"
        className="inline-flex overflow-hidden rounded-md border border-slate-300 shadow-sm"
      >
        {(["csv", "json"] as const).map((format) => (
          <Button
            key={format}
            variant="ghost"
            size="field"
            disabled={running}
            onClick={() => void run(format)}
            className="rounded-none bg-white font-normal hover:bg-slate-50 [&+&]:border-l [&+&]:border-slate-300"
          >
            Export {FORMAT_LABELS[format]}
          </Button>
        ))}
      </div>
      <div role="status" aria-live="polite" className="text-xs text-slate-600">
        {state.phase === "running" ? (
          <span className="inline-flex items-center gap-2">
            <progress aria-label="Export progress" className="h-2 w-16" />
            Exporting {FORMAT_LABELS[state.format]}: {state.rows.toLocaleString("en-US")} events (
            {formatBytes(state.bytes)})
            <Button
              variant="link"
              size="inline"
              className="text-xs"
              onClick={() => controller.current?.abort()}
            >
              Cancel export
            </Button>
          </span>
        ) : null}
        {state.phase === "saved" ? (
          state.verdict.state === "complete" ? (
            <span>
              Saved {state.rows.toLocaleString("en-US")} events to {state.file}
            </span>
          ) : (
            <span className="text-amber-800">
              Saved {state.file}, but it is incomplete:{" "}
              {state.verdict.state === "incomplete"
                ? state.verdict.reason
                : "the download ended before its summary"}
            </span>
          )
        ) : null}
        {state.phase === "failed" ? <span className="text-red-700">{state.message}</span> : null}
      </div>
    </div>
  );
}
