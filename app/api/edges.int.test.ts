import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "@/lib/config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { BadRequestBody } from "@/lib/events/api-contract";
import type { TrailsResponse } from "@/lib/events/api-contract";
import { GET as getAccounts } from "./archive/accounts/route";
import { GET as getEvent } from "./events/[eventId]/route";
import { GET as getExport } from "./events/export/route";
import { GET as getIntegrity } from "./integrity/route";
import { GET as getTrails } from "./trails/route";

/** Input handling at every route's edge, against a real demo emulator (with its trail archive) over HTTP. */

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-edges-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 300, seed: 3 });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_DATA_DIR: dir,
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "100",
      TRAILSCOPE_MAX_ATTEMPTS: "2",
    }),
  );
}, 120_000);

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const request = (pathAndQuery: string) => new NextRequest(`http://127.0.0.1${pathAndQuery}`);

async function issues(response: Response): Promise<BadRequestBody["issues"]> {
  expect(response.status).toBe(400);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = (await response.json()) as BadRequestBody;
  expect(body.error).toBe("bad_request");
  return body.issues;
}

const eventRoute = (id: string, query = "") =>
  getEvent(request(`/api/events/${id}?${query}`), { params: Promise.resolve({ eventId: id }) });

describe("/api/integrity", () => {
  const arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail";

  it("refuses a host name as the ARN's region with 400 trailArn, not an upstream retry", async () => {
    const response = await getIntegrity(
      request(
        `/api/integrity?trailArn=arn:aws:cloudtrail:evil.example.com:111122223333:trail/org-trail&start=2026-11-25T00:00:00Z`,
      ),
    );
    expect((await issues(response)).map((i) => i.param)).toEqual(["trailArn"]);
  });

  it("refuses unknown, repeated and prototype-named parameters and year-1 windows", async () => {
    const base = `/api/integrity?trailArn=${arn}&start=2026-11-25T00:00:00Z`;
    expect(await issues(await getIntegrity(request(`${base}&limit=5`)))).toEqual([
      { param: "limit", message: "is not a parameter here" },
    ]);
    expect(await issues(await getIntegrity(request(`${base}&start=2026-11-24T00:00:00Z`)))).toEqual([
      { param: "start", message: "is given more than once" },
    ]);
    expect(await issues(await getIntegrity(request(`${base}&constructor=x`)))).toEqual([
      { param: "constructor", message: "is not a parameter here" },
    ]);
    const ancient = await getIntegrity(request(`/api/integrity?trailArn=${arn}&start=0001-01-01T00:00:00Z`));
    expect((await issues(ancient)).map((i) => i.param)).toEqual(["start"]);
  });

  it("answers a validation without caching and without the server's data folder", async () => {
    const { trails } = (await (await getTrails()).json()) as TrailsResponse;
    const trail = trails.find((t) => t.logFileValidation);
    expect(trail).toBeDefined();
    // An organization trail is validated for one member account: its owner's will do.
    const start = new Date(Date.now() - 6 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const response = await getIntegrity(
      request(`/api/integrity?trailArn=${trail!.arn}&start=${start}&account=${trail!.ownerAccountId}`),
    );
    const body = await response.clone().text();
    expect(response.status, body).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).not.toContain(dir);
  });
});

describe("/api/trails", () => {
  it("is not cached and does not reveal the data folder", async () => {
    const response = await getTrails();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).not.toContain(dir);
  });
});

describe("/api/archive/accounts", () => {
  it("names the archive without the server's data folder", async () => {
    const response = await getAccounts(request("/api/archive/accounts"));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(dir);
    expect((JSON.parse(text) as { accounts: unknown[] }).accounts.length).toBeGreaterThan(0);
  });

  it("refuses a repeated bucket instead of taking the last one", async () => {
    expect(
      await issues(await getAccounts(request("/api/archive/accounts?bucket=aaa-bbb&bucket=ccc-ddd"))),
    ).toEqual([{ param: "bucket", message: "is given more than once" }]);
  });

  it("names a bucket it was given without showing the folder it looked in", async () => {
    const response = await getAccounts(request("/api/archive/accounts?bucket=no-such-bucket-here"));
    const text = await response.text();
    expect(text).toContain("no-such-bucket-here");
    expect(text).not.toContain(dir);
  });
});

describe("/api/events/<id>", () => {
  it("refuses repeated parameters and a query eventId overriding the path", async () => {
    expect(await issues(await eventRoute("abc", "region=us-east-1&region=eu-west-1"))).toEqual([
      { param: "region", message: "is given more than once" },
    ]);
    expect(await issues(await eventRoute("abc", "eventId=other"))).toEqual([
      { param: "eventId", message: "is not a parameter here" },
    ]);
    expect(await issues(await eventRoute("abc", "constructor=x"))).toEqual([
      { param: "constructor", message: "is not a parameter here" },
    ]);
  });
});

describe("/api/events/export", () => {
  it("refuses a cursor rather than silently exporting from the start", async () => {
    const found = await issues(await getExport(request("/api/events/export?format=csv&range=1h&cursor=abc")));
    expect(found.map((i) => i.param)).toEqual(["cursor"]);
  });
});
