import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lookupPage, type Source } from "../sources/history/lookup";
import { resolveSources } from "../sources/history/sources";
import { storeEvents } from "../../test/support/emulator-fixture";
import { eventKey } from "../shared/event-keys";
import { FaultInjector } from "../../emulator/faults";
import { lookupEvents } from "../../emulator/lookup-events";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { EventStore, type StoreEntry } from "../../emulator/store";
import { historySource, readCoverage, uncoveredIntervals } from "../store/coverage";
import { openStore, type Store } from "../store/open-store";
import { queryStore } from "../store/query-store";
import { readSyncState } from "../store/sync-state";
import { readPlan, syncWindow, REFRESH_OVERLAP_MS } from "./sync";
import { SyncScheduler } from "./sync-scheduler";
import { openMemoryStore } from "../../test/support/store-dataset-events";

/**
 * The sync against a real emulator over HTTP, through the real SDK and the shared rate limiter. The
 * expected answer is the emulator's own store: after a sync, each source holds exactly its events.
 */

const DAY = 86_400_000;
const ROOT = path.resolve(import.meta.dirname, "../..");
const now = Math.floor(Date.now() / 1000) * 1000;
const window = { start: new Date(now - 90 * DAY), end: new Date(now) };
const faults = new FaultInjector();
/** What LookupEvents serves; a test swaps it to make an event appear late, as Event history does. */
let served: EventStore;
let emulator: RunningEmulator;
let sources: Source[];

beforeAll(async () => {
  emulator = await startEmulator({
    now: new Date(now),
    eventCount: 1200,
    rate: 500,
    plugins: [
      faults,
      {
        name: "late-events",
        jsonOperations: {
          LookupEvents: ({ body, accountId, region }) =>
            lookupEvents(body, {
              store: served,
              accountId,
              region,
              nowMs: now,
              retentionStartMs: now - 90 * DAY,
            }),
        },
      },
    ],
  });
  served = emulator.store;
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "100",
    TRAILSCOPE_MAX_ATTEMPTS: "2",
  });
  delete process.env.TRAILSCOPE_REGIONS;
  sources = await resolveSources({});
});
afterAll(() => emulator.close());
afterEach(() => {
  faults.clear();
  served = emulator.store;
});

const everything = { ...window, readOnly: "all" } as const;

async function storedKeys(store: Store, source?: Source): Promise<string[]> {
  const query = source
    ? { ...everything, account: [source.account.id], region: [source.region] }
    : everything;
  return (await queryStore(store, query, { limit: 1_000_000 })).events.map(eventKey).sort();
}

const expectedKeys = (source?: Source) =>
  storeEvents(served, window, source ? [{ accountId: source.account.id, region: source.region }] : undefined)
    .map(eventKey)
    .sort();

/** The source with the most events, so a cut read leaves pages behind it. */
const largest = () => [...sources].sort((a, b) => expectedKeys(b).length - expectedKeys(a).length)[0]!;

const scheduler = (store: Store, clock: () => number = () => now) =>
  new SyncScheduler({ store, lookup: lookupPage, days: 90, intervalMs: 300_000, now: clock });

describe("sync from Event history", () => {
  it("backfills every source exactly: each event once, the whole 90 days covered", async () => {
    const store = await openMemoryStore();
    const sync = scheduler(store);
    sync.ensure(sources);
    await sync.settled();
    await sync.stop();
    expect(sources).toHaveLength(9);
    const expected = expectedKeys();
    expect(expected.length).toBeGreaterThan(1000);
    expect(await storedKeys(store)).toEqual(expected);
    for (const source of sources) {
      const coverage = await store.read((c) => readCoverage(c, historySource(source)));
      expect(uncoveredIntervals(coverage, { start: now - 90 * DAY, end: now })).toEqual([]);
      const state = await store.read((c) => readSyncState(c, historySource(source)));
      expect(state).toMatchObject({ backfillDone: true, lastError: null, lastRefreshMs: now });
    }
    expect(sync.activity().every((a) => a.phase === "stopped" && a.apiCalls > 0)).toBe(true);
    await store.close();
  });

  it("commits as it goes: what coverage claims after a cut read is exactly what is stored", async () => {
    const store = await openMemoryStore();
    const source = largest();
    expect(expectedKeys(source).length).toBeGreaterThan(100);
    const span = { start: now - 90 * DAY, end: now };
    const first = await syncWindow({ store, lookup: lookupPage }, source, span, { maxPages: 2 });
    expect(first.complete).toBe(false);
    const [covered] = await store.read((c) => readCoverage(c, historySource(source)));
    expect(covered).toBeDefined();
    expect(covered!.end).toBe(now);
    expect(covered!.start).toBeGreaterThan(span.start);
    const inside = storeEvents(served, { start: new Date(covered!.start), end: new Date(now) }, [
      { accountId: source.account.id, region: source.region },
    ]);
    expect(await storedKeys(store, source)).toEqual(inside.map(eventKey).sort());
    // The pages after the cut are read from the plan, which starts below the covered part.
    const plan = await readPlan(store, source, { now, days: 90 });
    expect(plan.backfill).toEqual({ start: span.start, end: covered!.start - 1 });
    expect((await syncWindow({ store, lookup: lookupPage }, source, plan.backfill!)).complete).toBe(true);
    expect(await storedKeys(store, source)).toEqual(expectedKeys(source));
    await store.close();
  });

  it("resumes a backfill whose process was killed mid-sync: the exact set, no gap, no duplicate", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "trailscope-sync-"));
    const file = path.join(dir, "events.duckdb");
    try {
      const child = spawn(
        process.execPath,
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          "test/support/store-sync-child.ts",
          file,
          String(now),
        ],
        { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let steps = 0;
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on("exit", (code, signal) => resolve(signal ?? code)),
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          steps += chunk
            .toString()
            .split("\n")
            .filter((l) => l === "step").length;
          if (steps >= 5) resolve();
          if (chunk.toString().includes("finished"))
            reject(new Error("the child finished before it was killed"));
        });
        child.on("exit", () => reject(new Error(`the child exited early: ${stderr}`)));
      });
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");

      const opened = await openStore({ kind: "file", path: file });
      if (opened.status !== "open") throw new Error(JSON.stringify(opened));
      const store = opened.store;
      const partial = await storedKeys(store);
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(expectedKeys().length);
      const sync = scheduler(store);
      sync.ensure(sources);
      await sync.settled();
      await sync.stop();
      const keys = await storedKeys(store);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(expectedKeys());
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stores an event that appears late, inside the refresh overlap, exactly once", async () => {
    const store = await openMemoryStore();
    let clock = now;
    const sync = scheduler(store, () => clock);
    const source = sources[0]!;
    sync.ensure([source]);
    await sync.settled();
    const before = await storedKeys(store, source);
    expect(before).toEqual(expectedKeys(source));

    // Ten minutes before the last refresh, but only visible in Event history after it.
    const late: StoreEntry = {
      accountId: source.account.id,
      region: source.region,
      category: "management",
      event: {
        eventId: "0badcafe-late-4000-8000-000000000001",
        time: now - 10 * 60_000,
        eventName: "DeleteBucket",
        eventSource: "s3.amazonaws.com",
        readOnly: false,
        username: "late-alice",
        resources: [{ type: "AWS::S3::Bucket", name: "late-bucket" }],
      },
    };
    expect(10 * 60_000).toBeLessThan(REFRESH_OVERLAP_MS);
    served = new EventStore([...emulator.store.entries(), late]);
    clock = now + 60_000;
    await sync.refreshNow([source]);
    await sync.refreshNow([source]);
    await sync.stop();
    const after = await storedKeys(store, source);
    expect(after.filter((k) => k.endsWith(late.event.eventId))).toHaveLength(1);
    expect(after).toEqual(expectedKeys(source));
    expect(after).toHaveLength(before.length + 1);
    await store.close();
  });

  it("records a failing source with the reason and keeps the store consistent", async () => {
    const store = await openMemoryStore();
    const source = largest();
    await syncWindow(
      { store, lookup: lookupPage },
      source,
      { start: now - 90 * DAY, end: now },
      { maxPages: 2 },
    );
    // Then every request is throttled, beyond the SDK's retries.
    faults.set([{ account: source.account.id, region: source.region, fault: "throttle" }]);
    const sync = scheduler(store);
    sync.ensure([source]);
    await sync.settled();
    await sync.stop();
    const state = await store.read((c) => readSyncState(c, historySource(source)));
    expect(state?.lastError).toMatch(/Throttl/);
    expect(sync.activity()[0]?.error).toMatch(/Throttl/);
    const coverage = await store.read((c) => readCoverage(c, historySource(source)));
    expect(coverage.length).toBeGreaterThan(0);
    for (const interval of coverage) {
      const inside = storeEvents(served, { start: new Date(interval.start), end: new Date(interval.end) }, [
        { accountId: source.account.id, region: source.region },
      ]);
      const stored = await queryStore(
        store,
        { start: new Date(interval.start), end: new Date(interval.end), readOnly: "all" },
        { limit: 100_000 },
      );
      expect(stored.events.map(eventKey).sort()).toEqual(inside.map(eventKey).sort());
    }
    await store.close();
  });
});
