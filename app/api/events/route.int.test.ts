import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "@/lib/config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { FaultInjector } from "@/emulator/faults";
import type {
  BadRequestBody,
  ErrorBody,
  EventStreamMessage,
  EventsResponse,
} from "@/lib/events/api-contract";
import type { AuditEvent } from "@/lib/events/audit-event";
import { parseEventQuery } from "@/lib/query/event-query";
import { queryFingerprint } from "@/lib/query/opaque-cursor";
import { GET } from "./route";
import { GET as getEvent } from "./[eventId]/route";

/** The route handlers called as Next calls them, against a real emulator over HTTP. */

const faults = new FaultInjector();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ eventCount: 1500, rate: 200, plugins: [faults] });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "100",
      TRAILSCOPE_MAX_ATTEMPTS: "2",
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

const request = (query: string, accept = "application/json") =>
  new NextRequest(`http://127.0.0.1/api/events?${query}`, { headers: { accept } });

async function ndjsonLines(response: Response): Promise<EventStreamMessage[]> {
  const text = await response.text();
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as EventStreamMessage);
}

describe("GET /api/events", () => {
  it("answers JSON with the contract's fields", async () => {
    const response = await GET(request("range=30d&limit=20"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as EventsResponse;
    expect(body.events).toHaveLength(20);
    expect(body.plan.lookup).toEqual({ param: "readOnly", key: "ReadOnly", value: "false" });
    // TRAILSCOPE_STORE=off (vitest.config.ts): today's live path, and the plan says so.
    expect(body.plan.store).toEqual({ status: "off", sources: [] });
    expect(body).toMatchObject({ truncated: true, complete: false });
    expect(body.cursor).toEqual(expect.any(String));
    for (const e of body.events) {
      expect(e.readOnly).toBe(false);
      for (const key of [
        "eventId",
        "eventTime",
        "eventName",
        "eventSource",
        "awsRegion",
        "username",
        "sourceIPAddress",
        "userAgent",
        "errorCode",
        "errorMessage",
        "resources",
      ]) {
        expect(e).toHaveProperty(key);
      }
      expect(e.who).toEqual(
        expect.objectContaining({ type: expect.any(String), display: expect.any(String) }),
      );
    }
  });

  it("streams NDJSON: meta first, events, progress, done last; a cursor continues with the next events", async () => {
    const response = await GET(request("range=30d&limit=30&region=all", "application/x-ndjson"));
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = await ndjsonLines(response);
    expect(lines[0]?.type).toBe("meta");
    const done = lines.at(-1);
    expect(done?.type).toBe("done");
    const events = lines.flatMap((l) => (l.type === "events" ? l.events : []));
    expect(events).toHaveLength(30);
    if (done?.type !== "done" || !done.cursor) throw new Error("no cursor");

    const next = (await (
      await GET(request(`range=30d&limit=30&region=all&cursor=${done.cursor}`))
    ).json()) as EventsResponse;
    const whole = (await (await GET(request("range=30d&limit=60&region=all"))).json()) as EventsResponse;
    const key = (e: AuditEvent) => `${e.accountId}/${e.awsRegion}/${e.eventId}`;
    expect([...events, ...next.events].map(key)).toEqual(whole.events.map(key));
  });

  it.each([
    ["range=2d", "range"],
    ["readOnly=maybe", "readOnly"],
    ["limit=0", "limit"],
    ["frobnicate=1", "frobnicate"],
    ["start=2020-01-01T00:00:00Z", "start"],
    ["start=2026-13-45", "start"],
    ["sourceIp=1.2.3.4/40", "sourceIp"],
    ["sourceIp=:::", "sourceIp"],
    ["account=123456789012", "account"],
    ["region=ap-south-1", "region"],
    ["cursor=garbage", "cursor"],
    // Windows that made the archive walk one folder per day for millennia (a GET that took the server down).
    ["source=archive&end=9999-12-31T00:00:00Z&limit=1", "end"],
    ["source=archive&start=0001-01-01T00:00:00Z&end=2026-11-01T00:00:00Z", "start"],
    ["end=9999-12-31T00:00:00Z", "end"],
  ])("answers 400 naming the parameter for %s", async (query, param) => {
    const started = Date.now();
    const response = await GET(request(query));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(400);
    const body = (await response.json()) as BadRequestBody;
    expect(body.error).toBe("bad_request");
    expect(body.issues.map((i) => i.param)).toContain(param);
  });

  it("answers 400 naming cursor for unsigned, tampered and widened cursors, never 500", async () => {
    const parsed = parseEventQuery(new URLSearchParams("range=1d&limit=1"));
    if (!parsed.ok) throw new Error("bad query");
    // The unsigned form, its window ending past JavaScript's largest date: this was a 500.
    const unsigned = { v: 1, w: [0, 9e15], f: queryFingerprint(parsed.query), s: [] };
    const real = ((await (await GET(request("range=1d&limit=1"))).json()) as EventsResponse).cursor!;
    const [body, signature] = real.split(".") as [string, string];
    const data = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { d: { w: number[] } };
    data.d.w[0] = 0;
    const widened = `${Buffer.from(JSON.stringify(data)).toString("base64url")}.${signature}`;
    for (const cursor of [
      Buffer.from(JSON.stringify(unsigned)).toString("base64url"),
      widened,
      `${body}.${"A".repeat(43)}`,
    ]) {
      const response = await GET(request(`range=1d&limit=1&cursor=${cursor}`));
      expect(response.status).toBe(400);
      expect(((await response.json()) as BadRequestBody).issues.map((i) => i.param)).toEqual(["cursor"]);
    }
    expect((await GET(request(`range=1d&limit=1&cursor=${real}`))).status).toBe(200);
  });

  it("answers 502 with a hint when every source failed, and never a stack trace", async () => {
    faults.set([{ operation: "LookupEvents", fault: "expired-token" }]);
    try {
      const response = await GET(request("range=1d"));
      expect(response.status).toBe(502);
      const body = (await response.json()) as ErrorBody;
      expect(body.error).toBe("upstream_error");
      expect(body.hint).toMatch(/aws sso login/);
      expect(body.sources?.every((s) => s.error?.code === "ExpiredTokenException")).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    } finally {
      faults.clear();
    }
  });

  it("answers 200 with the failed source beside the others when only one failed", async () => {
    faults.set([{ account: "444455556666", region: "us-west-2", operation: "LookupEvents", fault: "500" }]);
    try {
      const body = (await (await GET(request("range=7d&limit=100000"))).json()) as EventsResponse;
      expect(body.complete).toBe(false);
      expect(
        body.sources.filter((s) => s.state === "failed").map((s) => `${s.accountId}/${s.region}`),
      ).toEqual(["444455556666/us-west-2"]);
      expect(body.events.length).toBeGreaterThan(0);
    } finally {
      faults.clear();
    }
  });
});

describe("cancellation", () => {
  it("stops calling AWS when the browser goes away", async () => {
    faults.set([{ operation: "LookupEvents", fault: "slow", delayMs: 20 }]);
    try {
      const controller = new AbortController();
      const response = await GET(
        new NextRequest(
          "http://127.0.0.1/api/events?range=90d&readOnly=all&q=no-such-text-anywhere&limit=100000",
          {
            headers: { accept: "application/x-ndjson" },
            signal: controller.signal,
          },
        ),
      );
      const reader = response.body!.getReader();
      await reader.read();
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      await reader.cancel();
      await new Promise((r) => setTimeout(r, 100));
      const calls = () => faults.rules()[0]!.injected;
      const atAbort = calls();
      expect(atAbort).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(calls()).toBe(atAbort);
    } finally {
      faults.clear();
    }
  });
});

describe("GET /api/events/[eventId]", () => {
  it("returns the event, 404 for an unknown ID and 400 for a bad parameter", async () => {
    const list = (await (
      await GET(request("range=7d&limit=5&account=777788889999"))
    ).json()) as EventsResponse;
    const target = list.events[2]!;
    const get = (id: string, query = "") =>
      getEvent(new NextRequest(`http://127.0.0.1/api/events/${id}?${query}`), {
        params: Promise.resolve({ eventId: id }),
      });

    const found = await get(target.eventId, `account=777788889999&region=${target.awsRegion}`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as AuditEvent).eventId).toBe(target.eventId);
    expect((await get(target.eventId)).status).toBe(200);

    const missing = await get("00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error).toBe("not_found");

    expect((await get(target.eventId, "account=12")).status).toBe(400);
    expect((await get(target.eventId, "account=123456789012")).status).toBe(400);
    expect((await get(target.eventId, "colour=red")).status).toBe(400);
  });
});
