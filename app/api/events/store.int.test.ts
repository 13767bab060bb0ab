import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSources, streamEvents } from "@/lib/sources/history";
import { collect } from "@/test/support/emulator-fixture";
import { eventKey } from "@/lib/shared/event-keys";
import { Prng } from "@/emulator/dataset/prng";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { EventsResponse } from "@/lib/events/api-contract";
import { parseEventQuery, type EventQuery } from "@/lib/query/event-query";
import { historySource, readCoverage } from "@/lib/store/coverage";
import { closeSharedStore } from "@/lib/store/shared-store";
import { sharedSync } from "@/lib/sync/shared-sync";
import { syncWindow } from "@/lib/sync/sync";
import { SyncScheduler } from "@/lib/sync/sync-scheduler";
import { lookupPage } from "@/lib/sources/history/lookup";
import { openMemoryStore } from "@/test/support/store-dataset-events";
import { countFacets } from "@/lib/facets/facet-counts";
import type { WindowStats } from "@/lib/sync/window-stats";
import type { StoreStatus } from "@/lib/sync/store-status";
import { GET as getStatus } from "../store/status/route";
import { POST as postRefresh } from "../store/refresh/route";
import { GET } from "./route";
import { GET as getStats } from "./stats/route";

/**
 * The event store behind the real route, against a real emulator: every answer from the store must be
 * the event set the live path (TRAILSCOPE_STORE=off) gives for the same query, and cost no API call.
 */

const DAY = 86_400_000;
const now = Math.floor(Date.now() / 1000) * 1000;
const start = new Date(now - 89 * DAY).toISOString();
const end = new Date(now - 60_000).toISOString();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: new Date(now), eventCount: 1500, rate: 500 });
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "100",
    TRAILSCOPE_MAX_ATTEMPTS: "2",
    TRAILSCOPE_STORE: "memory",
  });
  delete process.env.TRAILSCOPE_REGIONS;
  const sync = (await sharedSync())!;
  sync.ensure(await resolveSources({}));
  await sync.settled();
});
afterAll(async () => {
  await closeSharedStore();
  await emulator.close();
});

function query(params: Record<string, string>): EventQuery {
  const parsed = parseEventQuery(new URLSearchParams({ start, end, limit: "100000", ...params }), new Date());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

async function routeAnswer(params: Record<string, string>): Promise<EventsResponse> {
  const search = new URLSearchParams({ start, end, limit: "100000", ...params });
  const response = await GET(new NextRequest(`http://127.0.0.1/api/events?${search}`));
  expect(response.status).toBe(200);
  return (await response.json()) as EventsResponse;
}

const liveKeys = async (params: Record<string, string>) =>
  (await collect(streamEvents(query(params), { store: null }))).events.map(eventKey).sort();

/** Filter combinations drawn from the dataset's own values, so most of them match something. */
function randomFilters(random: Prng): Record<string, string>[] {
  const events = [...emulator.store.entries()].filter((e) => e.category === "management");
  const pick = <T>(list: readonly T[]) => list[random.int(0, list.length - 1)]!;
  const out: Record<string, string>[] = [];
  for (let i = 0; i < 24; i++) {
    const sample = pick(events).event;
    const filters: Record<string, string> = { readOnly: pick(["all", "true", "false"]) };
    if (random.next() < 0.4) filters.eventName = sample.eventName;
    if (random.next() < 0.3 && sample.username) filters.username = sample.username;
    if (random.next() < 0.3) filters.eventSource = sample.eventSource;
    if (random.next() < 0.2 && sample.resources[0]) filters.resourceName = sample.resources[0].name;
    if (random.next() < 0.3) filters.region = pick(["us-east-1", "eu-west-1", "us-west-2,eu-west-1"]);
    if (random.next() < 0.3) filters.account = pick(["111122223333", "444455556666,777788889999"]);
    if (random.next() < 0.25) filters.errors = pick(["only", "exclude"]);
    if (random.next() < 0.2) filters.kind = pick(["created", "deleted", "modified,deleted"]);
    if (random.next() < 0.2) filters.q = sample.eventName.slice(0, 5).toLowerCase();
    out.push(filters);
  }
  return out;
}

describe("/api/events answered from the event store", () => {
  it("gives the live path's event set for random filter combinations, with no API call", async () => {
    let matched = 0;
    for (const filters of randomFilters(new Prng(11))) {
      const answer = await routeAnswer(filters);
      const keys = answer.events.map(eventKey).sort();
      expect(keys, JSON.stringify(filters)).toEqual(await liveKeys(filters));
      expect(answer.apiCalls, JSON.stringify(filters)).toBe(0);
      expect(answer.complete).toBe(true);
      expect(answer.plan.store?.status).toBe("open");
      for (const source of answer.plan.store?.sources ?? []) {
        expect(source.segments.every((s) => s.from === "store")).toBe(true);
        expect(source.syncedTo).toEqual(expect.any(String));
      }
      matched += keys.length;
    }
    expect(matched).toBeGreaterThan(500);
  });

  it("pages through the store with cursors, event for event like one uncut answer", async () => {
    const full = (await routeAnswer({ readOnly: "all" })).events.map(eventKey);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: EventsResponse = await routeAnswer({
        readOnly: "all",
        limit: "97",
        ...(cursor ? { cursor } : {}),
      });
      paged.push(...answer.events.map(eventKey));
      cursor = answer.cursor;
    } while (cursor);
    expect(paged).toEqual(full);
  });

  it("merges store and live segments of a partly synced source, and remembers what it read", async () => {
    const store = await openMemoryStore();
    const [source] = await resolveSources({ account: ["111122223333"], region: ["us-east-1"] });
    await syncWindow(
      { store, lookup: lookupPage },
      source!,
      { start: now - 89 * DAY, end: Date.parse(end) },
      { maxPages: 2 },
    );
    const q = query({ account: "111122223333", region: "us-east-1", readOnly: "all" });
    const mixed = await collect(streamEvents(q, { store }));
    const meta = mixed.messages[0];
    if (meta?.type !== "meta") throw new Error("no meta");
    const kinds = meta.plan.store?.sources[0]?.segments.map((s) => s.from);
    expect(kinds).toEqual(["store", "lookup"]);
    expect(mixed.events.map(eventKey)).toEqual(
      (await collect(streamEvents(q, { store: null }))).events.map(eventKey),
    );
    expect(mixed.done.apiCalls).toBeGreaterThan(0);
    // The live part was read completely without a lookup attribute: it is covered now.
    const coverage = await store.read((c) => readCoverage(c, historySource(source!)));
    expect(coverage).toEqual([{ start: Date.parse(start), end: Date.parse(end) }]);
    const again = await collect(streamEvents(q, { store }));
    expect(again.done.apiCalls).toBe(0);
    expect(again.events.map(eventKey)).toEqual(mixed.events.map(eventKey));
    await store.close();
  });

  it("does not cover what it read with a lookup attribute", async () => {
    const store = await openMemoryStore();
    const q = query({ account: "111122223333", region: "us-east-1", readOnly: "false" });
    const first = await collect(streamEvents(q, { store }));
    expect(first.done.apiCalls).toBeGreaterThan(0);
    const [source] = await resolveSources({ account: ["111122223333"], region: ["us-east-1"] });
    expect(await store.read((c) => readCoverage(c, historySource(source!)))).toEqual([]);
    await store.close();
  });

  it("answers concurrent queries correctly while a backfill is writing", async () => {
    const store = await openMemoryStore();
    const sync = new SyncScheduler({
      store,
      lookup: lookupPage,
      days: 90,
      intervalMs: 300_000,
      now: () => now,
    });
    sync.ensure(await resolveSources({}));
    const filters: Record<string, string>[] = [
      { readOnly: "all" },
      { readOnly: "false", region: "eu-west-1" },
      { errors: "only", readOnly: "all" },
    ];
    const answers = await Promise.all(filters.map((f) => collect(streamEvents(query(f), { store }))));
    await sync.settled();
    await sync.stop();
    for (const [i, answer] of answers.entries()) {
      expect(answer.events.map(eventKey).sort()).toEqual(await liveKeys(filters[i]!));
      expect(answer.done.complete).toBe(true);
    }
    await store.close();
  });

  it("counts facets and the histogram over the whole window, equal to a full read", async () => {
    const filters = { readOnly: "all", region: "us-east-1,eu-west-1" };
    const search = new URLSearchParams({ start, end, ...filters });
    const response = await getStats(new NextRequest(`http://127.0.0.1/api/events/stats?${search}`));
    expect(response.status).toBe(200);
    const stats = (await response.json()) as WindowStats;
    const full = (await routeAnswer(filters)).events;
    expect(stats.total).toBe(full.length);
    expect(stats.apiCalls).toBe(0);
    expect(stats.coverage.complete).toBe(true);
    for (const facet of countFacets(full)) expect(stats.facets[facet.facet.id]).toEqual(facet.top);
    const writes = full.filter((e) => !e.readOnly).length;
    expect(stats.histogram.reduce((n, b) => n + b.writes, 0)).toBe(writes);
    // The default page (500 rows) is far smaller than the window the stats count.
    expect(stats.total).toBeGreaterThan(500);
  });

  // Cross-site POSTs never reach the route: proxy.ts refuses them for every route (e2e/security.spec.ts).
  it("reports every source's sync state, and refreshes on POST", async () => {
    const status = (await (await getStatus()).json()) as StoreStatus;
    expect(status.status).toBe("open");
    expect(status.sources).toHaveLength(9);
    const held = (await routeAnswer({ readOnly: "all", start: new Date(now - 90 * DAY).toISOString() }))
      .events;
    expect(status.sources.reduce((n, s) => n + s.events, 0)).toBe(held.length);
    for (const source of status.sources) {
      expect(source).toMatchObject({ phase: "idle", error: null, backfill: { done: true, progress: 1 } });
      expect(source.lagSeconds).toBeLessThan(600);
    }
    const same = await postRefresh();
    expect(same.status).toBe(200);
    const after = (await same.json()) as StoreStatus;
    const before = new Map(status.sources.map((s) => [`${s.accountId}/${s.region}`, s.lastRefresh]));
    for (const source of after.sources) {
      expect(Date.parse(source.lastRefresh!)).toBeGreaterThan(
        Date.parse(before.get(`${source.accountId}/${source.region}`)!),
      );
    }
  });
});
