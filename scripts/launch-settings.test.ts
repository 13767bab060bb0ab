import { describe, expect, it } from "vitest";
import { launcherSettings } from "./launch-settings";

const TOKEN = "launch-test-token-5d2c8e1f9a";

describe("launcherSettings", () => {
  it("starts from the app's defaults: the demo source, .data, loopback", () => {
    expect(launcherSettings({})).toMatchObject({
      source: "demo",
      dataDir: ".data",
      dataPath: undefined,
      emulatorUrl: undefined,
      host: "127.0.0.1",
      token: undefined,
    });
    expect(
      launcherSettings({ TRAILSCOPE_DATA_DIR: "/tmp/ts", TRAILSCOPE_DATA: "/logs", TRAILSCOPE_HOST: "::1" }),
    ).toMatchObject({ dataDir: "/tmp/ts", dataPath: "/logs", host: "::1" });
  });

  it("refuses a setting the app would refuse, before anything starts", () => {
    // The old launcher took any source but "demo" for aws and left the app to fail on every request.
    expect(() => launcherSettings({ TRAILSCOPE_SOURCE: "dmeo" })).toThrow(/^TRAILSCOPE_SOURCE .*"demo"/);
    expect(() => launcherSettings({ TRAILSCOPE_RATE: "0" })).toThrow(/^TRAILSCOPE_RATE /);
  });

  it("refuses to listen beyond loopback without a token, an empty one included", () => {
    for (const env of [
      { TRAILSCOPE_HOST: "0.0.0.0" },
      { TRAILSCOPE_HOST: "0.0.0.0", TRAILSCOPE_TOKEN: "" },
    ]) {
      expect(() => launcherSettings(env)).toThrow(
        "refusing to listen on 0.0.0.0 without an access token: anyone who can reach it would see this account's activity.",
      );
    }
    expect(launcherSettings({ TRAILSCOPE_HOST: "0.0.0.0", TRAILSCOPE_TOKEN: TOKEN })).toMatchObject({
      host: "0.0.0.0",
      token: TOKEN,
    });
  });

  it("names a weak token the way the app's parser judges it", () => {
    expect(() => launcherSettings({ TRAILSCOPE_TOKEN: "short-token" })).toThrow(
      "TRAILSCOPE_TOKEN must be at least 16 characters.",
    );
    expect(() =>
      launcherSettings({ TRAILSCOPE_HOST: "0.0.0.0", TRAILSCOPE_TOKEN: "aaaaaaaaaaaaaaaa" }),
    ).toThrow(/^TRAILSCOPE_TOKEN is too easy to guess \(1 different characters/);
  });
});
