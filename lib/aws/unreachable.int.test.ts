import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { emulatorAccounts } from "../accounts/emulator-accounts";
import { DEMO_ACCOUNTS } from "../demo/accounts";
import { UpstreamError } from "../events/errors";
import { parseEventQuery } from "../query/event-query";
import { lookupPage, streamEvents } from "../sources/history/index";
import { collect } from "../../test/support/emulator-fixture";

/** A demo endpoint that is not there: every source fails with a readable message, nothing crashes. */

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

let endpoint: string;

beforeAll(async () => {
  endpoint = `http://127.0.0.1:${await closedPort()}`;
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: endpoint,
      TRAILSCOPE_MAX_ATTEMPTS: "2",
      TRAILSCOPE_REGIONS: "us-east-1",
      // Named, since an endpoint that is not there cannot list its accounts.
      TRAILSCOPE_ACCOUNTS: DEMO_ACCOUNTS.map((a) => `${a.id}:${a.name}`).join(","),
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));

describe("an unreachable endpoint", () => {
  it("fails each source with EndpointUnreachable and a hint, and the stream still ends", async () => {
    const parsed = parseEventQuery(new URLSearchParams({ range: "1h" }));
    if (!parsed.ok) throw new Error("bad query");
    const { events, done } = await collect(streamEvents(parsed.query));
    expect(events).toEqual([]);
    expect(done.sources).toHaveLength(3);
    for (const source of done.sources) {
      expect(source.state).toBe("failed");
      expect(source.error?.code).toBe("EndpointUnreachable");
      expect(source.error?.hint).toMatch(/TRAILSCOPE_EMULATOR_URL/);
    }
    expect(done).toMatchObject({ complete: false, truncated: false });
  });

  it("cannot list its accounts, and says so as an upstream failure with a hint", async () => {
    const error = await emulatorAccounts(endpoint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).sourceError).toMatchObject({
      code: "EndpointUnreachable",
      hint: expect.stringMatching(/TRAILSCOPE_EMULATOR_URL/),
    });
  });

  it("fails one lookup with the UpstreamError the routes answer 502 to", async () => {
    const demo = DEMO_ACCOUNTS[0]!;
    const end = new Date();
    const error = await lookupPage(
      { account: { id: demo.id, name: demo.name, credentials: {} }, region: "us-east-1" },
      { start: new Date(end.getTime() - 60_000), end },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).sourceError.code).toBe("EndpointUnreachable");
  });
});
