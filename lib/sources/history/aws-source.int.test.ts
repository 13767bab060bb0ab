import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { HISTORY_MS, parseEventQuery } from "../../query/event-query";
import { getAccounts } from "../../accounts/registry";
import { streamEvents } from "./index";
import { collect, storeEvents } from "../../../test/support/emulator-fixture";
import { eventKey } from "../../shared/event-keys";

/**
 * The `aws` source end to end against the emulator: the SDK's default credential chain (environment
 * keys), AWS_ENDPOINT_URL honoured by the SDK itself, STS AssumeRole with and without an external ID.
 */

const SECRET = "aws-source-test-secret-5f0c9d";
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now, eventCount: 900, rate: 100 });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "aws",
      TRAILSCOPE_REGIONS: "us-east-1,eu-west-1",
      TRAILSCOPE_RATE: "50",
      TRAILSCOPE_ACCOUNTS: JSON.stringify([
        { id: "111122223333", name: "management" },
        {
          id: "444455556666",
          name: "prod",
          roleArn: "arn:aws:iam::444455556666:role/TrailscopeReadOnly",
          regions: ["us-east-1"],
        },
        {
          id: "777788889999",
          name: "dev",
          roleArn: "arn:aws:iam::777788889999:role/TrailscopeReadOnly",
          externalId: "wrong-id",
        },
      ]),
    }),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIA111122223333DEMO",
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: "us-east-1",
  });
  delete process.env.AWS_PROFILE;
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

describe("the aws source", () => {
  it("reads configured accounts, assumes roles, and reports the account whose role refused", async () => {
    expect((await getAccounts()).map((a) => a.name)).toEqual(["management", "prod", "dev"]);
    const window = { start: new Date(now.getTime() - HISTORY_MS), end: now };
    const parsed = parseEventQuery(
      new URLSearchParams({ start: window.start.toISOString(), end: now.toISOString(), limit: "100000" }),
      now,
    );
    if (!parsed.ok) throw new Error("bad query");
    const { events, done, messages } = await collect(streamEvents(parsed.query));
    expect(done.sources.map((s) => `${s.accountName}/${s.region}/${s.state}`)).toEqual([
      "management/us-east-1/done",
      "management/eu-west-1/done",
      "prod/us-east-1/done",
      "dev/us-east-1/failed",
      "dev/eu-west-1/failed",
    ]);
    const dev = done.sources.find((s) => s.accountName === "dev");
    expect(dev?.error?.code).toBe("AccessDenied");
    expect(dev?.error?.message).toContain("dev (777788889999)");
    expect(dev?.error?.hint).toMatch(/trust policy/);
    const expected = storeEvents(emulator.store, window, [
      { accountId: "111122223333", region: "us-east-1" },
      { accountId: "111122223333", region: "eu-west-1" },
      { accountId: "444455556666", region: "us-east-1" },
    ]).filter((e) => !e.readOnly);
    expect(expected.length).toBeGreaterThan(20);
    expect(events.map(eventKey).sort()).toEqual(expected.map(eventKey).sort());
    expect(done.complete).toBe(false);
    expect(JSON.stringify(messages)).not.toContain(SECRET);
  });
});
