import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import type { EmulatorPlugin } from "../../../emulator/plugin";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { sharedLimiter } from "../../aws/clients";
import { HISTORY_MS, parseEventQuery } from "../../query/event-query";
import { streamEvents } from "./index";
import { collect, storeEvents } from "../../../test/support/emulator-fixture";

/**
 * The emulator enforces AWS's 2 requests/s per account and region and the SDK may not retry
 * (one attempt): two concurrent streams over the same source only succeed if the process-wide
 * limiter spaces their requests. How evenly it spaces them is lib/aws/rate-limiter.test.ts's, on
 * fake timers.
 */

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
let emulator: RunningEmulator;
/** LookupEvents requests that reached the emulator, throttled ones included. */
let lookups = 0;
const lookupCounter: EmulatorPlugin = {
  name: "lookup-counter",
  intercept: ({ operation }) => {
    if (operation === "LookupEvents") lookups += 1;
    return false;
  },
};

beforeAll(async () => {
  emulator = await startEmulator({ now, eventCount: 1500, rate: 2, plugins: [lookupCounter] });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "2",
      TRAILSCOPE_MAX_ATTEMPTS: "1",
      TRAILSCOPE_REGIONS: "us-east-1",
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

describe("the shared rate limiter", () => {
  it("keeps concurrent streams on one source under AWS's limit", async () => {
    const parsed = parseEventQuery(
      new URLSearchParams({
        start: new Date(now.getTime() - HISTORY_MS).toISOString(),
        end: now.toISOString(),
        readOnly: "all",
        account: "111122223333",
        limit: "100000",
      }),
      now,
    );
    if (!parsed.ok) throw new Error("bad query");
    const expected = storeEvents(emulator.store, { start: parsed.query.start, end: now }, [
      { accountId: "111122223333", region: "us-east-1" },
    ]);
    const pages = Math.ceil(expected.length / 50);
    expect(pages).toBeGreaterThanOrEqual(3);
    const acquire = vi.spyOn(sharedLimiter(), "acquire");
    const results = await Promise.all([
      collect(streamEvents(parsed.query)),
      collect(streamEvents(parsed.query)),
    ]);
    for (const { events, done } of results) {
      expect(done.sources[0]).toMatchObject({ state: "done", pages });
      expect(done.complete).toBe(true);
      expect(events).toHaveLength(expected.length);
    }
    // Every page was asked once, each request took its turn in the limiter, none was throttled.
    expect(lookups).toBe(2 * pages);
    expect(acquire.mock.calls.map(([key]) => key)).toEqual(
      Array.from({ length: 2 * pages }, () => "111122223333/us-east-1"),
    );
    acquire.mockRestore();
  });
});
