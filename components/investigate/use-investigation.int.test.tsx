// @vitest-environment jsdom
import { act, renderHook, waitFor } from "@testing-library/react";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/app/api/_lib/http";
import { GET } from "@/app/api/investigate/route";
import type { SourceStatus } from "@/lib/events/api-contract";
import type { InvestigateResponse, InvestigateStreamMessage } from "@/lib/investigate/contract";
import { startScriptedServer, type ScriptedServer } from "@/test/support/scripted-server";
import { useInvestigation } from "./use-investigation";

/** The hook over a real socket: fetch, streaming, abort and a torn stream as in the browser. */

let server: ScriptedServer;
const nodeFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startScriptedServer();
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) =>
    nodeFetch(new URL(input, server.origin), init),
  );
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

const source = (state: SourceStatus["state"]): SourceStatus => ({
  accountId: "111122223333",
  accountName: "management",
  region: "us-east-1",
  state,
  pages: 1,
  events: 50,
});
const progress = (phase: "lookup" | "scan", matched: number): InvestigateStreamMessage => ({
  type: "progress",
  phase,
  sources: [source("running")],
  apiCalls: matched + 1,
  matched,
});
// The hook hands the answer to the page untouched: only its identity and `apiCalls` matter here.
const answer = { apiCalls: 9, resource: { input: "my-bucket" } } as unknown as InvestigateResponse;

describe("useInvestigation", () => {
  it("follows the progress messages in order, then holds the answer", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=my-bucket").state);
    const exchange = await server.next();
    expect(exchange.url.pathname).toBe("/api/investigate");
    expect(exchange.url.searchParams.get("resource")).toBe("my-bucket");
    expect(exchange.request.headers.accept).toBe("application/x-ndjson");

    exchange.beginNdjson();
    exchange.send(progress("lookup", 1));
    await waitFor(() => expect(result.current.step).toBe("lookup"));
    expect(result.current).toMatchObject({ phase: "searching", matched: 1, apiCalls: 2 });

    exchange.send(progress("scan", 4));
    await waitFor(() => expect(result.current.step).toBe("scan"));
    expect(result.current).toMatchObject({ phase: "searching", matched: 4, apiCalls: 5 });

    exchange.send({ type: "result", result: answer });
    exchange.end();
    await waitFor(() => expect(result.current.phase).toBe("done"));
    expect(result.current.result).toEqual(answer);
    expect(result.current.apiCalls).toBe(9);
    unmount();
  });

  it("searches again on retry, from a fresh state", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=my-bucket"));
    const first = await server.next();
    first.beginNdjson();
    first.send({ type: "result", result: answer });
    first.end();
    await waitFor(() => expect(result.current.state.phase).toBe("done"));

    act(() => result.current.retry());
    expect(result.current.state).toMatchObject({ phase: "searching", result: null, apiCalls: 0 });
    const second = await server.next();
    expect(second.url.searchParams.get("resource")).toBe("my-bucket");
    second.beginNdjson();
    second.send({ type: "result", result: { ...answer, apiCalls: 0 } });
    second.end();
    await waitFor(() => expect(result.current.state.phase).toBe("done"));
    expect(result.current.state.apiCalls).toBe(0);
    unmount();
  });

  it("aborts the search when the view unmounts", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=long-search").state);
    const exchange = await server.next();
    exchange.beginNdjson();
    exchange.send(progress("lookup", 0));
    await waitFor(() => expect(result.current.step).toBe("lookup"));
    unmount();
    // The server sees the client go away, so the search stops spending LookupEvents calls.
    await exchange.closed;
    expect(exchange.response.writableEnded).toBe(false);
  });

  it("reports a 400 with each bad parameter, as the real route answers it", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=&range=9y").state);
    const exchange = await server.next();
    await exchange.replyWith(
      await GET(new NextRequest(`http://127.0.0.1${exchange.url.pathname}${exchange.url.search}`)),
    );
    await waitFor(() => expect(result.current.phase).toBe("bad-request"));
    const params = result.current.issues.map((i) => i.param);
    expect(params).toEqual(expect.arrayContaining(["resource", "range"]));
    for (const param of params) expect(result.current.error).toContain(param);
    unmount();
  });

  it("reports a 502 with the server's message and its hint", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=my-bucket").state);
    const exchange = await server.next();
    await exchange.replyWith(
      errorResponse(502, {
        error: "upstream_error",
        message: "The security token included in the request is expired.",
        hint: "Refresh the credentials (aws sso login) and retry.",
      }),
    );
    await waitFor(() => expect(result.current.phase).toBe("failed"));
    expect(result.current.error).toBe(
      "The security token included in the request is expired. Refresh the credentials (aws sso login) and retry.",
    );
    unmount();
  });

  it("says the search ended without an answer when the stream ends mid-line", async () => {
    const { result, unmount } = renderHook(() => useInvestigation("resource=my-bucket").state);
    const exchange = await server.next();
    exchange.beginNdjson();
    exchange.send(progress("lookup", 2));
    exchange.endTorn(JSON.stringify({ type: "result", result: answer }).slice(0, 25));
    await waitFor(() => expect(result.current.phase).toBe("failed"));
    expect(result.current.error).toBe("The search ended without an answer.");
    expect(result.current.result).toBeNull();
    expect(result.current.matched).toBe(2);
    unmount();
  });
});
