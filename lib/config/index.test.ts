import { afterEach, describe, expect, it } from "vitest";
import { getSettings, parseSettings, setSettingsForTest } from "./index";

afterEach(() => setSettingsForTest(undefined));

describe("getSettings", () => {
  it("answers the settings a test passes in, and the environment's once they are cleared", () => {
    const injected = parseSettings({ TRAILSCOPE_SOURCE: "aws", TRAILSCOPE_REGIONS: "eu-west-1" });
    setSettingsForTest(injected);
    expect(getSettings()).toBe(injected);
    setSettingsForTest(undefined);
    expect(getSettings()).toEqual(parseSettings(process.env));
    expect(getSettings()).toBe(getSettings());
  });
});
