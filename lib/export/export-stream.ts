import type { EventStreamMessage, SourceStatus } from "@/lib/events/api-contract";
import type { ExportEncoder, ExportHead, ExportSummary } from "./export-format";

/**
 * Turns the event stream of a query into an export file written as pages arrive.
 *
 * The HTTP status is sent with the first byte, so the stream is read up to the first event (or the end)
 * before answering: a view where every source failed answers 502 with the reason instead of an empty
 * file that looks like "no events". Failures after that are written into the file's own trailer.
 */

export type ExportStart =
  { ok: true; body: ReadableStream<Uint8Array> } | { ok: false; message: string; sources: SourceStatus[] };

function failureMessage(sources: SourceStatus[]): string {
  const failed = sources
    .filter((s) => s.error)
    .map((s) => `${s.accountName || s.accountId} ${s.region}: ${s.error?.code} — ${s.error?.message}`);
  return failed.length > 0 ? `Every source failed. ${failed.join("; ")}` : "No source could be read.";
}

export async function startExport(
  messages: AsyncIterable<EventStreamMessage>,
  encoder: ExportEncoder,
  limit: number,
): Promise<ExportStart> {
  const iterator = messages[Symbol.asyncIterator]();
  const text = new TextEncoder();
  let head: ExportHead | null = null;
  const summary: ExportSummary = {
    rows: 0,
    complete: false,
    truncated: false,
    limit,
    apiCalls: 0,
    sources: [],
    error: null,
  };
  let finished = false;
  const pending: EventStreamMessage[] = [];

  // Read ahead until the first event or the end, keeping what was read for the body.
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const message = next.value;
    if (message.type === "meta") {
      head = { plan: message.plan, window: message.window };
      summary.sources = message.sources;
      continue;
    }
    pending.push(message);
    if (message.type === "error") {
      if (pending.every((m) => m.type !== "events")) {
        await iterator.return?.();
        return { ok: false, message: message.message, sources: summary.sources };
      }
      break;
    }
    if (message.type === "done") {
      const allFailed =
        message.sources.length > 0 &&
        message.sources.every((s) => s.state === "failed" || s.state === "cancelled");
      if (allFailed && pending.every((m) => m.type !== "events" || m.events.length === 0)) {
        return { ok: false, message: failureMessage(message.sources), sources: message.sources };
      }
      break;
    }
    if (message.type === "events" && message.events.length > 0) break;
  }
  if (!head) {
    await iterator.return?.();
    return { ok: false, message: "The event stream ended before describing the query.", sources: [] };
  }
  const exportHead = head;

  const encode = (message: EventStreamMessage): string => {
    switch (message.type) {
      case "events":
        return message.events.map((event) => encoder.event(event, summary.rows++)).join("");
      case "progress":
        summary.apiCalls = message.apiCalls;
        summary.sources = message.sources;
        return "";
      case "done":
        finished = true;
        summary.complete = message.complete;
        summary.truncated = message.truncated;
        summary.apiCalls = message.apiCalls;
        summary.sources = message.sources;
        return encoder.tail(summary);
      case "error":
        finished = true;
        summary.error = message.message;
        return encoder.tail(summary);
      case "meta":
        return "";
    }
  };

  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      if (first) {
        first = false;
        chunk = encoder.head(exportHead) + pending.map(encode).join("");
      }
      while (!finished && chunk === "") {
        let next: IteratorResult<EventStreamMessage>;
        try {
          next = await iterator.next();
        } catch (error) {
          finished = true;
          summary.error = error instanceof Error ? error.message : "the event stream failed";
          chunk = encoder.tail(summary);
          break;
        }
        if (next.done) {
          finished = true;
          summary.error = "the event stream ended without its final status";
          chunk = encoder.tail(summary);
        } else {
          chunk = encode(next.value);
        }
      }
      if (chunk) controller.enqueue(text.encode(chunk));
      if (finished) {
        controller.close();
        await iterator.return?.();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return { ok: true, body };
}
