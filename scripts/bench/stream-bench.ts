/**
 * Benchmark worker: one `/api/events` answer produced by the app's own server code (`streamEvents`)
 * against the emulator over HTTP, with its throughput, API calls, retries and memory. Settings
 * (TRAILSCOPE_RATE, TRAILSCOPE_EMULATOR_URL) come from the environment the parent gives it.
 */
import { streamEvents } from "../../lib/sources/history";
import type { EventsResponse, EventStreamMessage } from "../../lib/events/api-contract";
import type { AuditEvent } from "../../lib/events/audit-event";
import { parseEventQuery } from "../../lib/query/event-query";
import { collect, toMiB, withMemoryPeak } from "./stats";
import { workerMain } from "./workers";

export interface StreamBenchInput {
  /** The query string of `/api/events`. */
  params: string;
  nowMs: number;
  /**
   * `count`: events are only counted. `ndjson`: each message is serialized as one NDJSON line, as the
   * route streams it, and dropped. `json`: the events are kept and the whole `EventsResponse` is
   * serialized at the end, as the route's JSON answer does.
   */
  mode: "count" | "ndjson" | "json";
}

export interface StreamBenchOutput {
  events: number;
  sources: number;
  pages: number;
  apiCalls: number;
  /** Attempts beyond one per page: throttling retries (or other retried failures). */
  retries: number;
  failedSources: string[];
  /** Every source answered: the answer is complete or was cut at the limit. */
  finished: boolean;
  totalMs: number;
  firstEventsMs: number;
  baseline: { rssMiB: number; heapMiB: number };
  peak: { rssMiB: number; heapMiB: number };
  /** Heap still held at the end (the kept answer in `json` mode). */
  retainedHeapMiB: number;
  keptEvents: number;
  bodyBytes: number;
}

async function main(input: StreamBenchInput): Promise<StreamBenchOutput> {
  const parsed = parseEventQuery(new URLSearchParams(input.params), new Date(input.nowMs));
  if (!parsed.ok) throw new Error(`bad query ${input.params}: ${JSON.stringify(parsed.issues)}`);
  const query = parsed.query;
  collect();
  const baseline = process.memoryUsage();
  let kept: EventsResponse | undefined;

  const started = performance.now();
  let firstEventsMs = 0;
  const { result, peakRss, peakHeap } = await withMemoryPeak(async () => {
    let events = 0;
    let bodyBytes = 0;
    let meta: Extract<EventStreamMessage, { type: "meta" }> | undefined;
    let done: Extract<EventStreamMessage, { type: "done" }> | undefined;
    const all: AuditEvent[] = [];
    for await (const message of streamEvents(query)) {
      if (message.type === "meta") meta = message;
      if (message.type === "done") done = message;
      if (message.type === "events") {
        if (events === 0) firstEventsMs = performance.now() - started;
        events += message.events.length;
        if (input.mode === "json") all.push(...message.events);
      }
      if (input.mode === "ndjson") bodyBytes += Buffer.byteLength(`${JSON.stringify(message)}\n`);
    }
    if (!meta || !done) throw new Error("the stream ended without meta or done");
    if (input.mode === "json") {
      kept = {
        events: all,
        plan: meta.plan,
        window: meta.window,
        sources: done.sources,
        apiCalls: done.apiCalls,
        complete: done.complete,
        truncated: done.truncated,
        cursor: done.cursor,
      };
      bodyBytes = Buffer.byteLength(JSON.stringify(kept));
    }
    return { events, bodyBytes, done };
  });
  const totalMs = performance.now() - started;
  collect();
  const retained = process.memoryUsage().heapUsed - baseline.heapUsed;
  // Read after the measurement so the kept answer is still reachable while it is taken.
  const keptEvents = kept?.events.length ?? 0;
  const { done } = result;
  const pages = done.sources.reduce((sum, s) => sum + s.pages, 0);
  return {
    events: result.events,
    sources: done.sources.length,
    pages,
    apiCalls: done.apiCalls,
    retries: done.apiCalls - pages,
    failedSources: done.sources
      .filter((s) => s.state === "failed")
      .map((s) => `${s.accountId}/${s.region}: ${s.error?.code ?? "failed"}`),
    finished: done.complete || done.truncated,
    totalMs: Math.round(totalMs),
    firstEventsMs: Math.round(firstEventsMs),
    baseline: { rssMiB: toMiB(baseline.rss), heapMiB: toMiB(baseline.heapUsed) },
    peak: { rssMiB: toMiB(peakRss), heapMiB: toMiB(peakHeap) },
    retainedHeapMiB: toMiB(retained),
    keptEvents,
    bodyBytes: result.bodyBytes,
  };
}

workerMain(main);
