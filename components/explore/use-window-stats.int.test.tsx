// @vitest-environment jsdom
import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { NextRequest } from "next/server";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/events/stats/route";
import { parseSettings, setSettingsForTest } from "@/lib/config";
import type { WindowStats } from "@/lib/sync/window-stats";
import { startScriptedServer, type ScriptedServer } from "@/test/support/scripted-server";
import { FacetPanel } from "./facet-panel";
import { useWindowStats, type WindowStatsState } from "./use-window-stats";

/** The hook over a real socket, answered by the real stats route where its refusals are tested. */

let server: ScriptedServer;
const nodeFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startScriptedServer();
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) =>
    nodeFetch(new URL(input, server.origin), init),
  );
  setSettingsForTest(parseSettings({ TRAILSCOPE_STORE: "off", TRAILSCOPE_SOURCE: "demo" }));
});
afterAll(async () => {
  setSettingsForTest(undefined);
  vi.unstubAllGlobals();
  await server.close();
});

/** What the route itself answers for the query the hook sent. */
const routeAnswer = (url: URL) =>
  GET(new NextRequest(new URL(`${url.pathname}${url.search}`, server.origin)));

// The hook hands the answer to the panel untouched: only its identity matters here.
const stats = { total: 3 } as unknown as WindowStats;

describe("useWindowStats", () => {
  it("asks only once the rows are loaded, then holds the store's answer", async () => {
    const { result, rerender, unmount } = renderHook(({ ready }) => useWindowStats("range=1d", ready), {
      initialProps: { ready: false },
    });
    rerender({ ready: true });
    const exchange = await server.next();
    expect(exchange.url.pathname).toBe("/api/events/stats");
    expect(exchange.url.searchParams.get("range")).toBe("1d");
    expect(result.current).toEqual({ kind: "loading" });
    await exchange.replyWith(Response.json(stats));
    await waitFor(() => expect(result.current).toEqual({ kind: "store", stats }));
    unmount();
  });

  it("words the route's 400 by the issue, and its 409 by the message and hint", async () => {
    const archive = renderHook(() => useWindowStats("source=archive&range=1d", true));
    const refused = await server.next();
    await refused.replyWith(await routeAnswer(refused.url));
    await waitFor(() =>
      expect(archive.result.current).toEqual({
        kind: "rows",
        reason: "whole-window statistics are computed for Event history only",
      }),
    );
    archive.unmount();

    const off = renderHook(() => useWindowStats("range=1d", true));
    const unavailable = await server.next();
    await unavailable.replyWith(await routeAnswer(unavailable.url));
    await waitFor(() =>
      expect(off.result.current).toEqual({
        kind: "rows",
        reason:
          "Whole-window statistics need the event store, and TRAILSCOPE_STORE is off. The facets and the chart count the loaded rows instead.",
      }),
    );
    off.unmount();
  });

  it("gives the status when the answer is not ours (a proxy's HTML page)", async () => {
    const { result, unmount } = renderHook(() => useWindowStats("range=1d", true));
    const exchange = await server.next();
    await exchange.replyWith(new Response("<html>Bad gateway</html>", { status: 502 }));
    await waitFor(() =>
      expect(result.current).toEqual({ kind: "rows", reason: "The server answered HTTP 502." }),
    );
    unmount();
  });

  it("drops the answer of a query it has left, and asks for the new one", async () => {
    const { result, rerender, unmount } = renderHook(({ query }) => useWindowStats(query, true), {
      initialProps: { query: "range=1d" },
    });
    const first = await server.next();
    rerender({ query: "range=7d" });
    await first.closed;
    const second = await server.next();
    expect(second.url.searchParams.get("range")).toBe("7d");
    expect(result.current).toEqual({ kind: "loading" });
    await second.replyWith(Response.json(stats));
    await waitFor(() => expect(result.current).toEqual({ kind: "store", stats }));
    unmount();
  });
});

describe("the facet panel's line on what it counted", () => {
  const line = (state: WindowStatsState) => {
    const { unmount } = render(
      <NuqsTestingAdapter>
        <FacetPanel events={[]} stats={state} />
      </NuqsTestingAdapter>,
    );
    const text = screen.getByText(/^Counted in/).textContent;
    unmount();
    return text;
  };

  it("ends with one full stop whether the reason has one or not", () => {
    expect(line({ kind: "rows", reason: "TRAILSCOPE_STORE is off." })).toBe(
      "Counted in the loaded rows: TRAILSCOPE_STORE is off.",
    );
    expect(
      line({ kind: "rows", reason: "whole-window statistics are computed for Event history only" }),
    ).toBe("Counted in the loaded rows: whole-window statistics are computed for Event history only.");
  });
});
