import { describe, expect, it } from "vitest";
import type { EventStreamMessage, SourceStatus } from "@/lib/events/api-contract";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { exportEncoder } from "./export-format";
import { startExport } from "./export-stream";

const source = (state: SourceStatus["state"], error?: string): SourceStatus => ({
  accountId: "111122223333",
  accountName: "prod",
  region: "us-east-1",
  state,
  pages: 1,
  events: 0,
  ...(error ? { error: { code: error, message: "Rate exceeded", hint: "retry later" } } : {}),
});
const meta: EventStreamMessage = {
  type: "meta",
  plan: { lookup: null, serverFilters: [] },
  window: { start: "2026-11-25T00:00:00.000Z", end: "2026-11-25T12:00:00.000Z" },
  sources: [source("pending")],
};
const page = (...ids: string[]): EventStreamMessage => ({
  type: "events",
  events: ids.map((eventId) => makeAuditEvent({ eventId })),
});
const done = (complete: boolean, sources: SourceStatus[] = [source("done")]): EventStreamMessage => ({
  type: "done",
  complete,
  truncated: false,
  cursor: null,
  apiCalls: 2,
  sources,
});

async function* stream(messages: EventStreamMessage[], opts: { throwAfter?: boolean } = {}) {
  for (const m of messages) yield m;
  if (opts.throwAfter) throw new Error("socket hang up");
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe("startExport", () => {
  it("writes every page and the final status", async () => {
    const result = await startExport(
      stream([meta, page("a", "b"), page(), page("c"), done(true)]),
      exportEncoder("json"),
      500,
    );
    if (!result.ok) throw new Error(result.message);
    const doc = JSON.parse(await readAll(result.body)) as {
      events: { eventId: string }[];
      complete: boolean;
      rows: number;
    };
    expect(doc.events.map((e) => e.eventId)).toEqual(["a", "b", "c"]);
    expect(doc).toMatchObject({ complete: true, rows: 3 });
  });

  it("answers an error instead of a file when every source failed before any event", async () => {
    const result = await startExport(
      stream([meta, done(false, [source("failed", "ThrottlingException")])]),
      exportEncoder("csv"),
      500,
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("ThrottlingException") });
  });

  it("answers an error when the stream reports one before any event", async () => {
    const result = await startExport(
      stream([meta, { type: "error", message: "boom" }]),
      exportEncoder("csv"),
      500,
    );
    expect(result).toMatchObject({ ok: false, message: "boom" });
  });

  it("writes an empty but complete file when nothing matches", async () => {
    const result = await startExport(stream([meta, done(true)]), exportEncoder("csv"), 500);
    if (!result.ok) throw new Error(result.message);
    const text = await readAll(result.body);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(1);
    expect(text).not.toContain("INCOMPLETE");
  });

  it("marks the file incomplete when the stream fails after some events", async () => {
    const result = await startExport(
      stream([meta, page("a")], { throwAfter: true }),
      exportEncoder("csv"),
      500,
    );
    if (!result.ok) throw new Error(result.message);
    const lines = (await readAll(result.body)).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      "# trailscope: INCOMPLETE EXPORT - 1 events written; the export stopped: socket hang up",
    );
  });

  it("marks the file incomplete when the stream ends without its final status", async () => {
    const result = await startExport(stream([meta, page("a")]), exportEncoder("ndjson"), 500);
    if (!result.ok) throw new Error(result.message);
    const last = (await readAll(result.body)).trimEnd().split("\n").pop() ?? "";
    expect(JSON.parse(last)).toMatchObject({ exportSummary: { complete: false, rows: 1 } });
  });

  it("stops reading the source when the download is cancelled", async () => {
    let finished = false;
    async function* endless() {
      try {
        yield meta;
        for (let i = 0; ; i++) yield page(String(i));
      } finally {
        finished = true;
      }
    }
    const result = await startExport(endless(), exportEncoder("csv"), 500);
    if (!result.ok) throw new Error(result.message);
    const reader = result.body.getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
