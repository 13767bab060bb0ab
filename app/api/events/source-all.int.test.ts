import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { EventsResponse } from "@/lib/events/api-contract";
import { parseEventQuery } from "@/lib/query/event-query";
import { resolveSources, streamEvents } from "@/lib/sources/history";
import { importArchive } from "@/lib/store/import-archive";
import { closeSharedStore, sharedStore } from "@/lib/store/shared-store";
import { sharedSync } from "@/lib/sync/shared-sync";
import { LocalObjectStore } from "@/lib/trail-files/local-store";
import { collect } from "@/test/support/emulator-fixture";
import type { InvestigateResponse } from "@/lib/investigate/contract";
import { parseInvestigateQuery } from "@/lib/investigate/investigate-query";
import { investigate } from "@/lib/investigate/search";
import { demoStory } from "@/emulator/dataset/stories";
import { GET as getInvestigation } from "../investigate/route";
import { GET } from "./route";

/**
 * `source=all` behind the real route: a real emulator for Event history and its trail archive imported
 * into the store first. The oracle is independent of the store: Event history read live
 * (TRAILSCOPE_STORE=off's path) and every record of the archive's log files read here.
 */

const DAY = 86_400_000;
const now = Math.floor(Date.now() / 1000) * 1000;
const start = new Date(now - 89 * DAY).toISOString();
const end = new Date(now - 60_000).toISOString();
let dir: string;
let emulator: RunningEmulator;
/** `account/eventId` of Event history's answer, read live. */
let history: Set<string>;
/** `account/eventId` of the archive's records in the window and the configured sources. */
let archive: Set<string>;

const key = (e: { accountId: string; eventId: string }) => `${e.accountId}/${e.eventId}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-all-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, now: new Date(now), eventCount: 1500, rate: 500 });
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "100",
    TRAILSCOPE_MAX_ATTEMPTS: "2",
    TRAILSCOPE_STORE: "memory",
    TRAILSCOPE_SYNC: "on-demand",
  });
  delete process.env.TRAILSCOPE_REGIONS;

  const sources = new Set((await resolveSources({})).map((s) => `${s.account.id}/${s.region}`));
  const local = new LocalObjectStore(path.join(dir, "archive"));
  const bucket = (await readdir(path.join(dir, "archive"))).find((name) => !name.startsWith("."))!;
  archive = new Set();
  for await (const file of local.listKeys(bucket, { prefix: "AWSLogs/" })) {
    if (!file.includes("/CloudTrail/")) continue;
    const body = (await local.getObject(bucket, file))!.body;
    const { Records } = JSON.parse(gunzipSync(body).toString("utf8")) as {
      Records: Record<string, string>[];
    };
    for (const r of Records) {
      const at = Date.parse(r.eventTime!);
      if (at < Date.parse(start) || at > Date.parse(end)) continue;
      if (sources.has(`${r.recipientAccountId}/${r.awsRegion}`))
        archive.add(`${r.recipientAccountId}/${r.eventID}`);
    }
  }

  const parsed = parseEventQuery(new URLSearchParams({ start, end, limit: "100000", readOnly: "all" }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  history = new Set((await collect(streamEvents(parsed.query, { store: null }))).events.map(key));

  // The archive goes in first, so the management events it shares with Event history are stored as `archive`.
  const opened = await sharedStore();
  if (opened.status !== "open") throw new Error(`store ${opened.status}`);
  const imported = await importArchive(opened.store, { store: local, bucket, prefix: "" });
  expect(imported.filesUnusable).toBe(0);
}, 180_000);

afterAll(async () => {
  await closeSharedStore();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function routeAnswer(params: Record<string, string>): Promise<EventsResponse> {
  const search = new URLSearchParams({ start, end, limit: "100000", readOnly: "all", ...params });
  const response = await GET(new NextRequest(`http://127.0.0.1/api/events?${search}`));
  expect(response.status).toBe(200);
  return (await response.json()) as EventsResponse;
}

async function paged(params: Record<string, string>, limit: number): Promise<EventsResponse["events"]> {
  const events: EventsResponse["events"] = [];
  let cursor: string | null = null;
  do {
    const answer: EventsResponse = await routeAnswer({
      ...params,
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
    expect(answer.events.length).toBeLessThanOrEqual(limit);
    events.push(...answer.events);
    cursor = answer.cursor;
  } while (cursor);
  return events;
}

/** The union exactly once, every row with its origin, and only archive rows where Event history has none. */
function expectUnion(events: EventsResponse["events"]) {
  const keys = events.map(key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(keys)).toEqual(new Set([...history, ...archive]));
  for (const e of events) {
    expect(e.origin).toMatch(/^(history|archive)$/);
    if (!history.has(key(e))) expect(e.origin).toBe("archive");
    if (e.origin === "history") expect(history.has(key(e))).toBe(true);
  }
  const times = events.map((e) => Date.parse(e.eventTime));
  expect(times).toEqual([...times].sort((a, b) => b - a));
}

describe("/api/events?source=all", () => {
  it("the fixture has archive-only events (data events) and events of both", () => {
    expect([...archive].filter((k) => !history.has(k)).length).toBeGreaterThan(0);
    expect([...archive].filter((k) => history.has(k)).length).toBeGreaterThan(0);
  });

  it("returns Event history (read live) and the imported archive together, each event once", async () => {
    const answer = await routeAnswer({ source: "all" });
    expect(answer.complete).toBe(true);
    expectUnion(answer.events);
    expect(answer.events.some((e) => e.origin === "history")).toBe(true);
    expect(answer.events.some((e) => e.origin === "archive")).toBe(true);
  });

  it("pages with cursors through the same events in the same order", async () => {
    const full = (await routeAnswer({ source: "all" })).events.map(key);
    expect((await paged({ source: "all" }, 97)).map(key)).toEqual(full);
  });

  it("after the sync, history answers include the events imported from the archive first", async () => {
    const sync = (await sharedSync())!;
    sync.ensure(await resolveSources({}));
    await sync.settled();

    const answer = await routeAnswer({ source: "history" });
    expect(answer.plan.store?.sources.every((s) => s.segments.every((g) => g.from === "store"))).toBe(true);
    expect(new Set(answer.events.map(key))).toEqual(history);
    expect(answer.events.length).toBe(history.size);
    expect(answer.events.some((e) => e.origin === "archive")).toBe(true);
  }, 180_000);

  it("after the sync, answers the union from the store alone, paged exactly", async () => {
    const answer = await routeAnswer({ source: "all" });
    expect(answer.apiCalls).toBe(0);
    expectUnion(answer.events);
    const pages = await paged({ source: "all" }, 113);
    expect(pages.map(key)).toEqual(answer.events.map(key));
  });

  it("answers 400 with a cursor of the other source", async () => {
    const first = await routeAnswer({ source: "all", limit: "5" });
    const search = new URLSearchParams({ start, end, readOnly: "all", limit: "5", cursor: first.cursor! });
    const response = await GET(new NextRequest(`http://127.0.0.1/api/events?${search}`));
    expect(response.status).toBe(400);
  });

  it("the investigation with source=all finds the archive's events on a resource, history's too", async () => {
    const events = (await routeAnswer({ source: "all" })).events;
    const target = events.find((e) => !history.has(key(e)) && e.resources[0]?.name);
    expect(target).toBeDefined();
    const resource = target!.resources[0]!.name;
    const investigate = async (source: string) => {
      const search = new URLSearchParams({ resource, source, start, end });
      const response = await getInvestigation(new NextRequest(`http://127.0.0.1/api/investigate?${search}`));
      expect(response.status).toBe(200);
      return (await response.json()) as InvestigateResponse;
    };
    const all = await investigate("all");
    const onlyHistory = await investigate("history");
    const ids = (r: InvestigateResponse) => r.timeline.map((t) => t.eventId);
    expect(ids(all)).toContain(target!.eventId);
    expect(ids(onlyHistory)).not.toContain(target!.eventId);
    expect(ids(all)).toEqual(expect.arrayContaining(ids(onlyHistory)));
    expect(new Set(ids(all)).size).toBe(ids(all).length);
  });

  it("a history investigation after the sync answers from the store alone, as Event history does live", async () => {
    // The archive's copies came first; the sync gave them the resource names Event history adds.
    for (const story of [demoStory("prod-ec2-sso-terminate"), demoStory("dev-unknown-name")]) {
      const params = { resource: story.resourceName, account: story.accountId, start, end };
      const response = await getInvestigation(
        new NextRequest(`http://127.0.0.1/api/investigate?${new URLSearchParams(params)}`),
      );
      expect(response.status).toBe(200);
      const answer = (await response.json()) as InvestigateResponse;
      const parsed = parseInvestigateQuery(new URLSearchParams(params));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const live = await investigate(parsed.query, { store: null });
      expect(answer.verdict.status).toBe(story.expected.status);
      expect(answer.timeline).toEqual(live.timeline);
      // Sources are searched side by side: each lookup's events, in an order of their own.
      const reads = (r: InvestigateResponse) =>
        r.searched
          .map((s) => `${s.accountId}/${s.region} ${s.lookup.key}=${s.lookup.value}: ${s.events}`)
          .sort();
      expect(reads(answer)).toEqual(reads(live));
      expect(answer.apiCalls).toBe(0);
      for (const step of answer.searched) expect(step).toMatchObject({ calls: 0, storeEvents: step.events });
    }
  });

  it("a view by resource name from the store equals Event history's, for events imported first", async () => {
    const parsed = parseEventQuery(new URLSearchParams({ start, end, limit: "100000", readOnly: "all" }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const live = (await collect(streamEvents(parsed.query, { store: null }))).events;
    // Names Event history gives events the archive stored first: short names (IDs) before ARNs.
    const names = [
      ...new Set(
        live
          .filter((e) => archive.has(key(e)))
          .flatMap((e) => e.resources.map((r) => r.name))
          .sort((a, b) => Number(a.startsWith("arn:")) - Number(b.startsWith("arn:"))),
      ),
    ].slice(0, 12);
    expect(names.length).toBeGreaterThan(5);
    for (const resourceName of names) {
      const answer = await routeAnswer({ resourceName });
      expect(answer.apiCalls).toBe(0);
      const query = parseEventQuery(
        new URLSearchParams({ start, end, limit: "100000", readOnly: "all", resourceName }),
      );
      if (!query.ok) throw new Error(JSON.stringify(query.issues));
      const wanted = (await collect(streamEvents(query.query, { store: null }))).events;
      expect(answer.events.map(key).sort(), resourceName).toEqual(wanted.map(key).sort());
    }
  });
});
