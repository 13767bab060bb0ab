// @vitest-environment jsdom
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/app/api/_lib/http";
import { GET } from "@/app/api/events/route";
import type { EventStreamMessage, SourceStatus } from "@/lib/events/api-contract";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { startScriptedServer, type ScriptedServer } from "@/test/support/scripted-server";
import { useEventStream } from "./use-event-stream";

/** The hook over a real socket: fetch, streaming, abort and a cut connection as in the browser. */

let server: ScriptedServer;
const nodeFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startScriptedServer();
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) =>
    nodeFetch(new URL(input, server.origin), init),
  );
});
afterEach(() => vi.useRealTimers());
afterAll(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

const source: SourceStatus = {
  accountId: "111122223333",
  accountName: "management",
  region: "us-east-1",
  state: "running",
  pages: 0,
  events: 0,
};
const meta: EventStreamMessage = {
  type: "meta",
  plan: { lookup: null, serverFilters: [] },
  window: { start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z" },
  sources: [source],
};
const event = (id: string, region = "us-east-1") =>
  makeAuditEvent({ eventId: id, awsRegion: region, eventTime: "2026-11-25T10:00:00Z" });
const done = (
  overrides: Partial<Extract<EventStreamMessage, { type: "done" }>> = {},
): EventStreamMessage => ({
  type: "done",
  complete: true,
  truncated: false,
  cursor: null,
  apiCalls: 3,
  sources: [{ ...source, state: "done", pages: 3, events: 3 }],
  ...overrides,
});

describe("useEventStream", () => {
  it("shows rows in the order they stream, drops repeats, and ends done with the server's totals", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=1d"));
    const exchange = await server.next();
    expect(exchange.url.pathname).toBe("/api/events");
    expect(exchange.url.search).toBe("?range=1d");
    expect(exchange.request.headers.accept).toBe("application/x-ndjson");

    exchange.beginNdjson();
    exchange.send(meta);
    await waitFor(() => expect(result.current.state.window).toEqual(meta.window));
    expect(result.current.state.phase).toBe("loading");

    exchange.send({ type: "events", events: [event("b"), event("a")] });
    await waitFor(() => expect(result.current.state.events.map((e) => e.eventId)).toEqual(["b", "a"]));
    expect(result.current.state.phase).toBe("loading");

    // The same ID in another region is another event; the same (account, region, ID) is a repeat.
    exchange.send({ type: "events", events: [event("a"), event("c"), event("a", "eu-west-1")] });
    exchange.send({ type: "progress", sources: [source], apiCalls: 2, matched: 4, scanned: 9 });
    await waitFor(() =>
      expect(result.current.state.events.map((e) => `${e.awsRegion}/${e.eventId}`)).toEqual([
        "us-east-1/b",
        "us-east-1/a",
        "us-east-1/c",
        "eu-west-1/a",
      ]),
    );
    expect(result.current.state.scanned).toBe(9);

    exchange.send(done());
    exchange.end();
    await waitFor(() => expect(result.current.state.phase).toBe("done"));
    expect(result.current.state).toMatchObject({
      complete: true,
      truncated: false,
      apiCalls: 3,
      error: null,
    });
    unmount();
  });

  it("aborts the request when the component unmounts", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=7d"));
    const exchange = await server.next();
    exchange.beginNdjson();
    exchange.send(meta);
    await waitFor(() => expect(result.current.state.plan).not.toBeNull());
    let closed = false;
    void exchange.closed.then(() => (closed = true));
    expect(closed).toBe(false);
    unmount();
    // The server sees the client go away: the stream is not read to the end in the background.
    await exchange.closed;
    expect(closed).toBe(true);
  });

  it("reports a 400 with each bad parameter, as the real route answers it", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=9y&limit=0"));
    const exchange = await server.next();
    await exchange.replyWith(
      await GET(
        new (await import("next/server")).NextRequest(
          `http://127.0.0.1${exchange.url.pathname}${exchange.url.search}`,
        ),
      ),
    );
    await waitFor(() => expect(result.current.state.phase).toBe("bad-request"));
    const params = result.current.state.issues.map((i) => i.param);
    expect(params).toEqual(expect.arrayContaining(["range", "limit"]));
    for (const issue of result.current.state.issues)
      expect(result.current.state.error).toContain(issue.param);
    unmount();
  });

  it("reports a 502 with the server's message and hint", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=1d"));
    const exchange = await server.next();
    await exchange.replyWith(
      errorResponse(502, {
        error: "upstream_error",
        message: "AWS refused the credentials.",
        hint: "Run aws sso login again.",
      }),
    );
    await waitFor(() => expect(result.current.state.phase).toBe("failed"));
    expect(result.current.state.error).toBe("AWS refused the credentials. Run aws sso login again.");
    expect(result.current.state.issues).toEqual([]);
    unmount();
  });

  it("says the rows are partial when the stream ends mid-line, keeping what arrived whole", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=1d"));
    const exchange = await server.next();
    exchange.beginNdjson();
    exchange.send(meta);
    exchange.send({ type: "events", events: [event("whole")] });
    exchange.endTorn(JSON.stringify({ type: "events", events: [event("torn")] }).slice(0, 40));
    await waitFor(() => expect(result.current.state.phase).toBe("failed"));
    expect(result.current.state.error).toBe(
      "The connection closed before the answer was complete; the rows shown are partial.",
    );
    expect(result.current.state.events.map((e) => e.eventId)).toEqual(["whole"]);
    unmount();
  });

  it("continues from the cursor on loadMore without showing an event twice", async () => {
    const { result, unmount } = renderHook(() => useEventStream("range=1d"));
    const first = await server.next();
    first.beginNdjson();
    first.send(meta);
    first.send({ type: "events", events: [event("a"), event("b")] });
    first.send(done({ complete: false, truncated: true, cursor: "opaque/cursor=", apiCalls: 2 }));
    first.end();
    await waitFor(() => expect(result.current.state.cursor).toBe("opaque/cursor="));

    act(() => result.current.loadMore());
    const second = await server.next();
    expect(second.url.searchParams.get("cursor")).toBe("opaque/cursor=");
    expect(second.url.searchParams.get("range")).toBe("1d");
    second.beginNdjson();
    second.send(meta);
    second.send({ type: "events", events: [event("b"), event("c")] });
    second.send(done({ apiCalls: 1 }));
    second.end();
    await waitFor(() => expect(result.current.state.phase).toBe("done"));
    expect(result.current.state.events.map((e) => e.eventId)).toEqual(["a", "b", "c"]);
    expect(result.current.state.apiCalls).toBe(3);
    unmount();
  });
});
