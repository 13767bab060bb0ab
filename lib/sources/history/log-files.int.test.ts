import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { parseEventQuery } from "../../query/event-query";
import { getAccounts } from "../../accounts/registry";
import { streamEvents } from "./index";
import { collect, storeEvents } from "../../../test/support/emulator-fixture";
import { eventKey } from "../../shared/event-keys";

/**
 * The demo source serving real log files (TRAILSCOPE_DATA): their accounts (listed by the emulator's
 * Organizations ListAccounts, with no TRAILSCOPE_ACCOUNTS) and regions (TRAILSCOPE_REGIONS, as the
 * launcher sets it), not the demo organization's.
 */

const fixtures = path.resolve(import.meta.dirname, "../../../emulator/fixtures/trail-logs");
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ dataPath: fixtures });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_REGIONS: emulator.store.regions().join(","),
      TRAILSCOPE_RATE: "50",
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

describe("log files through the demo source", () => {
  it("reads every record of every account and region in the files, normalized", async () => {
    expect(await getAccounts()).toEqual(
      emulator.store.accounts().map((id) => ({ id, name: id, credentials: {} })),
    );
    const now = new Date();
    const parsed = parseEventQuery(
      new URLSearchParams({ range: "90d", readOnly: "all", limit: "100000" }),
      now,
    );
    if (!parsed.ok) throw new Error("bad query");
    const { events, done } = await collect(streamEvents(parsed.query));
    const expected = storeEvents(emulator.store, { start: parsed.query.start, end: now });
    expect(expected.length).toBeGreaterThan(3);
    expect(events.map(eventKey).sort()).toEqual(expected.map(eventKey).sort());
    expect(done.complete).toBe(true);
    for (const event of events) {
      expect(event.who.display).not.toBe("");
      expect(event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(event.accountId).toMatch(/^\d{12}$/);
    }
  });
});
