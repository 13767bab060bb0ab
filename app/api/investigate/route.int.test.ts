import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "@/lib/config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { FaultInjector } from "@/emulator/faults";
import { demoStory } from "@/emulator/dataset/stories";
import type { BadRequestBody } from "@/lib/events/api-contract";
import type { InvestigateResponse, InvestigateStreamMessage } from "@/lib/investigate/contract";
import { GET } from "./route";

/** The route handler called as Next calls it, against a real emulator over HTTP. */

const faults = new FaultInjector();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 4552, plugins: [faults] });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_MAX_ATTEMPTS: "2",
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

const request = (query: string, accept = "application/json") =>
  new NextRequest(`http://127.0.0.1/api/investigate?${query}`, { headers: { accept } });

describe("GET /api/investigate", () => {
  it("answers the contract's JSON", async () => {
    const story = demoStory("management-iam-role");
    const response = await GET(request(`resource=${encodeURIComponent(story.resourceArn!)}`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as InvestigateResponse;
    expect(body.verdict.status).toBe("deleted");
    expect(body.verdict.deletion).toMatchObject({
      eventId: story.expected.deletionEventId,
      eventName: "DeleteRole",
      awsRegion: "us-east-1",
      accountId: story.accountId,
      who: { type: "AssumedRole", display: story.expected.deleterDisplay },
    });
    expect(Object.keys(body.verdict.deletion!)).toEqual(
      expect.arrayContaining(["eventTime", "sourceIPAddress", "userAgent"]),
    );
    expect(body.timeline[0]).toEqual(
      expect.objectContaining({
        eventId: expect.any(String),
        kind: "created",
        errorCode: null,
        who: expect.objectContaining({ display: expect.any(String) }),
      }),
    );
    expect(body).toMatchObject({ regionsSearched: ["us-east-1"], errors: [], complete: true });
    expect(body.apiCalls).toBeGreaterThan(0);
  });

  it.each([
    ["resource=orders&source=archive&start=0001-01-01T00:00:00Z&end=9999-12-31T00:00:00Z", "start"],
    ["resource=orders&source=archive&start=2026-11-01T00:00:00Z&end=9999-12-31T00:00:00Z", "end"],
    ["resource=orders&end=2100-01-01T00:00:00Z", "end"],
  ])("answers 400 at once for the unbounded window %s", async (query, param) => {
    const started = Date.now();
    const response = await GET(request(query));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(400);
    expect(((await response.json()) as BadRequestBody).issues.map((i) => i.param)).toEqual([param]);
  });

  it("streams progress per region, then the answer, as NDJSON", async () => {
    const response = await GET(request("resource=orders", "application/x-ndjson"));
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as InvestigateStreamMessage);
    const last = lines[lines.length - 1]!;
    expect(last.type).toBe("result");
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThan(1);
    const regions = new Set(
      progress.flatMap((p) => (p.type === "progress" ? p.sources.map((s) => s.region) : [])),
    );
    expect(regions).toEqual(new Set(["us-east-1", "us-west-2", "eu-west-1"]));
  });

  it("keeps the other regions' results and names the failing one", async () => {
    faults.set([{ account: "777788889999", region: "eu-west-1", operation: "LookupEvents", fault: "500" }]);
    try {
      const response = await GET(request("resource=orders"));
      const body = (await response.json()) as InvestigateResponse;
      expect(body.verdict.status).toBe("deleted");
      expect(body.errors).toEqual([
        expect.objectContaining({ accountId: "777788889999", region: "eu-west-1" }),
      ]);
      expect(body.complete).toBe(false);
      expect(body.verdict.reasons).toContainEqual({
        code: "search-failed",
        places: [expect.objectContaining({ accountId: "777788889999", region: "eu-west-1" })],
      });
    } finally {
      faults.clear();
    }
  });

  it.each([
    ["", "resource"],
    ["resource=x&region=atlantis", "region"],
    ["resource=x&account=999999999999", "account"],
    ["resource=arn:aws:iam::999999999999:role/x", "resource"],
    ["resource=x&bogus=1", "bogus"],
  ])("answers 400 naming the parameter for %s", async (query, param) => {
    const response = await GET(request(query));
    expect(response.status).toBe(400);
    const body = (await response.json()) as BadRequestBody;
    expect(body.error).toBe("bad_request");
    expect(body.issues.map((i) => i.param)).toContain(param);
  });
});
