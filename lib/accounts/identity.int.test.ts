import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { streamEvents } from "../sources/history";
import { collect, storeEvents } from "../../test/support/emulator-fixture";
import { eventKey } from "../shared/event-keys";
import { parseEventQuery } from "../query/event-query";

/**
 * Two configured accounts with no credentials of their own both fall back to the default credential,
 * which belongs to one account: that one is read, the other is reported by name, never read as a copy.
 */

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
let emulator: RunningEmulator;
const identityCalls: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    now,
    eventCount: 600,
    rate: 100,
    plugins: [
      {
        name: "count-identity-calls",
        intercept: ({ operation, accessKeyId }) => {
          if (operation === "GetCallerIdentity") identityCalls.push(accessKeyId);
          return false;
        },
      },
    ],
  });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "aws",
      TRAILSCOPE_REGIONS: "us-east-1,eu-west-1",
      TRAILSCOPE_RATE: "50",
      TRAILSCOPE_ACCOUNTS: "444455556666:prod,111122223333:management",
    }),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    // Not a demo key: the emulator answers it as its first account, the management account.
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "identity-test-secret",
    AWS_REGION: "us-east-1",
  });
  delete process.env.AWS_PROFILE;
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

describe("accounts sharing one credential", () => {
  it("reads the account the credential belongs to, once, and reports the other by name", async () => {
    const parsed = parseEventQuery(new URLSearchParams({ range: "90d", readOnly: "all", limit: "100000" }));
    if (!parsed.ok) throw new Error("bad query");
    const { events, done } = await collect(streamEvents(parsed.query));

    const prod = done.sources.filter((s) => s.accountId === "444455556666");
    expect(prod).toHaveLength(2);
    for (const source of prod) {
      expect(source).toMatchObject({ state: "failed", pages: 0, events: 0 });
      expect(source.error).toMatchObject({
        code: "CredentialsAccountMismatch",
        message: "account 444455556666 (prod): its credentials belong to 111122223333; not read",
      });
    }
    expect(done.sources.filter((s) => s.accountId === "111122223333").map((s) => s.state)).toEqual([
      "done",
      "done",
    ]);

    const keys = events.map(eventKey);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = storeEvents(emulator.store, parsed.query, [
      { accountId: "111122223333", region: "us-east-1" },
      { accountId: "111122223333", region: "eu-west-1" },
    ]).map(eventKey);
    expect(expected.length).toBeGreaterThan(0);
    expect(keys.sort()).toEqual(expected.sort());
    expect(events.every((e) => e.accountId === "111122223333")).toBe(true);

    // One credential, one question, whatever the number of accounts and regions using it.
    expect(identityCalls).toEqual(["AKIAIOSFODNN7EXAMPLE"]);
    await collect(streamEvents(parsed.query));
    expect(identityCalls).toHaveLength(1);
  });
});
