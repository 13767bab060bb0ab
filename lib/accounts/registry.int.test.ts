import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { InputError } from "../events/errors";
import { accountRegions, getAccounts, resolveAccounts } from "./registry";

/** With no accounts configured, the aws source reads the account of the default credentials (STS GetCallerIdentity). */

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ eventCount: 100 });
  setSettingsForTest(
    parseSettings({ TRAILSCOPE_STORE: "off", TRAILSCOPE_SOURCE: "aws", TRAILSCOPE_REGIONS: "eu-west-1" }),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIA444455556666DEMO",
    AWS_SECRET_ACCESS_KEY: "registry-test-secret",
  });
  delete process.env.AWS_PROFILE;
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());

describe("getAccounts without configured accounts", () => {
  it("is the caller's account, found once and cached", async () => {
    const accounts = await getAccounts();
    expect(accounts).toEqual([{ id: "444455556666", name: "default", credentials: {} }]);
    expect(await getAccounts()).toBe(accounts);
    expect(accountRegions(accounts[0]!)).toEqual(["eu-west-1"]);
  });

  it("resolves the account parameter and rejects unknown IDs as bad input", async () => {
    expect(await resolveAccounts("all")).toHaveLength(1);
    expect(await resolveAccounts(["444455556666"])).toHaveLength(1);
    const error = await resolveAccounts(["111122223333"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({
      param: "account",
      message: expect.stringContaining("444455556666 (default)"),
    });
  });
});
