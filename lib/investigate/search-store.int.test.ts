import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { EmulatorPlugin } from "@/emulator/plugin";
import { DEMO_STORIES, demoStory } from "@/emulator/dataset/stories";
import { openMemoryStore } from "@/test/support/store-dataset-events";
import { parseSettings, setSettingsForTest } from "../config";
import { DAY } from "../shared/time";
import { lookupPage, lookupPages, type Source } from "../sources/history/lookup";
import { resolveSources } from "../sources/history/sources";
import { historySource, readCoverage, type Interval } from "../store/coverage";
import type { Store } from "../store/open-store";
import { closeSharedStore } from "../store/shared-store";
import { sharedSync } from "../sync/shared-sync";
import { syncWindow } from "../sync/sync";
import { SyncScheduler } from "../sync/sync-scheduler";
import type { InvestigateResponse, SearchStep } from "./contract";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * The investigation answered from the event store (a real DuckDB) against a real emulator over HTTP.
 * The oracle is the live path (TRAILSCOPE_STORE=off's): the same verdict, deletions, timeline and, per
 * lookup, the same number of events, whatever part of the window the store holds; only LookupEvents
 * calls for what it does not hold.
 */

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
/** LookupEvents requests the emulator answered: `apiCalls` must count exactly these. */
const lookups = { count: 0 };
const lookupCounter: EmulatorPlugin = {
  name: "lookup-counter",
  intercept: ({ operation }) => {
    if (operation === "LookupEvents") lookups.count += 1;
    return false;
  },
};
let emulator: RunningEmulator;
/** Every source synced over the whole 90 days. */
let full: Store;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, now, eventCount: 6000, rate: 500, plugins: [lookupCounter] });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "memory",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "100",
      // The stores below are synced up to `now` once; the freshness rule must still hold when this file runs long.
      TRAILSCOPE_SYNC_INTERVAL: "1h",
    }),
  );
  full = await openMemoryStore();
  const sync = new SyncScheduler({
    store: full,
    lookup: lookupPage,
    days: 90,
    intervalMs: 3_600_000,
    now: () => now.getTime(),
  });
  sync.ensure(await resolveSources({}));
  await sync.settled();
  await sync.stop();
}, 120_000);

afterAll(async () => {
  await closeSharedStore();
  await full?.close();
  setSettingsForTest(undefined);
  await emulator?.close();
});

function query(params: Record<string, string>, at = now) {
  const parsed = parseInvestigateQuery(new URLSearchParams(params), at);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

/**
 * One investigation; with a store of its own (or none) nothing else calls LookupEvents meanwhile, so
 * its `apiCalls` must be the requests the emulator answered. The shared store's sync calls it too.
 */
async function run(params: Record<string, string>, store: Store | null | undefined, at = now) {
  const before = lookups.count;
  const result = await investigate(query(params, at), { store });
  if (store !== undefined) expect(result.apiCalls).toBe(lookups.count - before);
  return result;
}

const stepKey = (s: Pick<SearchStep, "accountId" | "region" | "phase" | "lookup">) =>
  `${s.accountId}/${s.region}/${s.phase}/${s.lookup.key}=${s.lookup.value}`;

/** What the answer says about the resource, apart from what it cost (sources run side by side, so steps are sorted). */
function essence(r: InvestigateResponse) {
  return {
    verdict: {
      ...r.verdict,
      reasons: r.verdict.reasons.map((reason) =>
        reason.code === "no-matching-event" ? { ...reason, apiCalls: 0 } : reason,
      ),
    },
    deletions: r.deletions,
    failedAttempts: r.failedAttempts,
    cycles: r.cycles,
    timeline: r.timeline,
    lookedUp: [...r.resource.lookedUp].sort(),
    searched: r.searched
      .map(({ calls: _calls, storeEvents: _stored, ...step }) => step)
      .sort((a, b) => stepKey(a).localeCompare(stepKey(b))),
    scanned: r.scanned,
    complete: r.complete,
  };
}

const liveAnswers = new Map<string, InvestigateResponse>();
async function live(params: Record<string, string>): Promise<InvestigateResponse> {
  const key = JSON.stringify(params);
  const known = liveAnswers.get(key);
  if (known) return known;
  const answer = await run(params, null);
  expect(answer.store).toEqual({ status: "off", sources: [] });
  expect(answer.searched.every((s) => s.storeEvents === 0)).toBe(true);
  liveAnswers.set(key, answer);
  return answer;
}

const STORIES: Record<string, string>[] = [
  ...DEMO_STORIES.filter((s) => s.expected.status !== "unknown").map((s) => ({ resource: s.resourceName })),
  { resource: demoStory("management-iam-role").resourceArn! },
  { resource: "orders" },
  // Nothing names it: the scans of delete calls and of every write run, against the store too.
  { resource: demoStory("dev-unknown-name").resourceName, account: demoStory("dev-unknown-name").accountId },
];

describe("an investigation of sources the store holds", () => {
  it.each(STORIES.map((p) => [p.resource, p] as const))(
    "%s: the live answer, with no API call",
    async (_resource, params) => {
      const expected = await live(params);
      const answer = await run(params, full);
      expect(essence(answer)).toEqual(essence(expected));
      expect(answer.apiCalls).toBe(0);
      expect(answer.searched.every((s) => s.calls === 0 && s.storeEvents === s.events)).toBe(true);
      expect(answer.store?.status).toBe("open");
      expect(answer.store?.sources).toHaveLength(
        answer.regionsSearched.length * answer.accountsSearched.length,
      );
      for (const source of answer.store?.sources ?? []) {
        expect(source.segments.map((g) => g.from)).toEqual(["store"]);
        expect(source.asOf).toBe(now.toISOString());
      }
    },
    120_000,
  );
});

/** The source a step read. */
async function sourceOf(step: SearchStep): Promise<Source> {
  const [source] = await resolveSources({ account: [step.accountId], region: [step.region] });
  return source!;
}

/** A live read of one lookup over one interval: what the hybrid path must read there, page for page. */
async function liveRead(step: SearchStep, interval: Interval) {
  let pages = 0;
  let events = 0;
  for await (const page of lookupPages(await sourceOf(step), {
    attribute: step.lookup,
    start: new Date(interval.start),
    end: new Date(interval.end),
  })) {
    pages++;
    events += page.events.length;
  }
  return { pages, events };
}

const PARTLY: Record<string, string>[] = [
  { resource: demoStory("prod-ec2-sso-terminate").resourceName },
  { resource: demoStory("management-iam-role").resourceArn! },
  { resource: "orders" },
  {
    resource: demoStory("dev-unknown-name").resourceName,
    account: demoStory("dev-unknown-name").accountId,
    region: "us-east-1",
  },
];

describe("an investigation of sources the store holds in part", () => {
  /** The middle of the window: the newest days and the oldest weeks are read live. */
  const held = { start: now.getTime() - 45 * DAY, end: now.getTime() - 5 * DAY };
  let partial: Store;

  beforeAll(async () => {
    partial = await openMemoryStore();
    for (const source of await resolveSources({})) {
      await syncWindow({ store: partial, lookup: lookupPage }, source, held);
    }
  }, 120_000);
  afterAll(() => partial?.close());

  it.each(PARTLY.map((p) => [p.resource, p] as const))(
    "%s: the live answer exactly, LookupEvents only for the uncovered intervals",
    async (_resource, params) => {
      const expected = await live(params);
      const answer = await run(params, partial);
      expect(essence(answer)).toEqual(essence(expected));
      expect(answer.apiCalls).toBeGreaterThan(0);

      const segments = new Map(
        (answer.store?.sources ?? []).map((s) => [
          `${s.accountId}/${s.region}`,
          s.segments.map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end), from: g.from })),
        ]),
      );
      for (const segmented of segments.values()) {
        expect(segmented.map((g) => g.from)).toEqual(["lookup", "store", "lookup"]);
        expect(segmented[1]).toMatchObject(held);
      }
      // Each lookup read the store's interval from the store and cost exactly the pages of the others.
      for (const step of answer.searched) {
        expect(step.truncated).toBe(false);
        let calls = 0;
        let stored = 0;
        let read = 0;
        for (const segment of segments.get(`${step.accountId}/${step.region}`)!) {
          const { pages, events } = await liveRead(step, segment);
          read += events;
          if (segment.from === "store") stored += events;
          else calls += pages;
        }
        expect(
          { calls: step.calls, storeEvents: step.storeEvents, events: step.events },
          stepKey(step),
        ).toEqual({
          calls,
          storeEvents: stored,
          events: read,
        });
      }
    },
    180_000,
  );

  it("keeps what it read live in the store, never as coverage: a lookup reads only some events", async () => {
    const story = demoStory("prod-ec2-sso-terminate");
    const answer = await run({ resource: story.resourceName }, partial);
    const liveEvents = answer.timeline.filter((t) => {
      const at = Date.parse(t.eventTime);
      return at < held.start || at > held.end;
    });
    expect(liveEvents.length).toBeGreaterThan(0);
    const ids = await partial.read(async (c) =>
      (await c.runAndReadAll("SELECT event_id FROM events WHERE origin = 'history'"))
        .getRows()
        .map((r) => String(r[0])),
    );
    for (const entry of liveEvents) expect(ids).toContain(entry.eventId);
    for (const source of await resolveSources({})) {
      expect(await partial.read((c) => readCoverage(c, historySource(source)))).toEqual([held]);
    }
  });
});

describe("the shared store", () => {
  it("starts syncing the sources investigated, so the same investigation next costs no API call", async () => {
    const story = demoStory("prod-bucket-failed-attempts");
    const params = { resource: story.resourceName, account: story.accountId };
    const first = await run(params, undefined, new Date());
    expect(first.store?.status).toBe("open");
    expect(first.apiCalls).toBeGreaterThan(0);
    const sync = (await sharedSync())!;
    expect(
      sync
        .activity()
        .map((a) => `${a.accountId}/${a.region}`)
        .sort(),
    ).toEqual(first.regionsSearched.map((r) => `${story.accountId}/${r}`).sort());
    await sync.settled();

    const before = lookups.count;
    const again = await run(params, undefined, new Date());
    expect(again.apiCalls).toBe(0);
    expect(lookups.count).toBe(before);
    expect(again.store?.sources.every((s) => s.segments.every((g) => g.from === "store"))).toBe(true);
    expect(essence(again)).toEqual(essence(first));
    expect(essence(again)).toEqual(essence(await live(params)));
  }, 120_000);
});
