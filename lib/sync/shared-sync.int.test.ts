import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { collect } from "../../test/support/emulator-fixture";
import { openMemoryStore } from "../../test/support/store-dataset-events";
import { parseEventQuery, type EventQuery } from "../query/event-query";
import { streamEvents } from "../sources/history/stream-events";
import { closeSharedStore, sharedStore } from "../store/shared-store";
import { sharedSync } from "./shared-sync";
import { streamSynced } from "./stream-synced";

/**
 * The sync sits above Event history: only the routes' entry point (streamSynced) starts it, and closing
 * the shared store stops the scheduler that writes into it.
 */

const now = Math.floor(Date.now() / 1000) * 1000;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: new Date(now), eventCount: 300, rate: 500 });
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "100",
    TRAILSCOPE_STORE: "memory",
  });
  delete process.env.TRAILSCOPE_REGIONS;
});
afterAll(async () => {
  await closeSharedStore();
  await emulator.close();
});

function query(params: Record<string, string>): EventQuery {
  const parsed = parseEventQuery(
    new URLSearchParams({ start: new Date(now - 3_600_000).toISOString(), ...params }),
    new Date(now),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

const synced = async () =>
  ((await sharedSync())?.activity() ?? []).map((a) => `${a.accountId}/${a.region}`).sort();

describe("the shared sync", () => {
  it("starts for the sources a route's query reads, and not for a plain streamEvents read", async () => {
    await collect(streamEvents(query({ account: "444455556666" }), { store: await openMemoryStore() }));
    await collect(streamEvents(query({ account: "444455556666" })));
    expect(await synced()).toEqual([]);

    await collect(streamSynced(query({ account: "111122223333", region: "us-east-1,eu-west-1" })));
    expect(await synced()).toEqual(["111122223333/eu-west-1", "111122223333/us-east-1"]);
  });

  it("is stopped when the shared store closes, and a reopened store gets its own", async () => {
    const first = (await sharedSync())!;
    const firstStore = await sharedStore();
    expect(await sharedSync()).toBe(first);

    await closeSharedStore();
    expect(first.stopped).toBe(true);

    const second = (await sharedSync())!;
    expect(second).not.toBe(first);
    expect(second.stopped).toBe(false);
    expect(await sharedStore()).not.toBe(firstStore);
    expect(second.activity()).toEqual([]);
  });
});
