import { describe, expect, it } from "vitest";
import { parseSettings } from "./config";

describe("TRAILSCOPE_ALLOWED_HOSTS", () => {
  it("is a comma list of host names, lowercased", () => {
    expect(parseSettings({}).allowedHosts).toBeUndefined();
    expect(
      parseSettings({ TRAILSCOPE_ALLOWED_HOSTS: " Trailscope.Internal, [fd00::2],dash-board " }).allowedHosts,
    ).toEqual(["trailscope.internal", "[fd00::2]", "dash-board"]);
  });

  it("refuses schemes, ports and paths with a message naming the setting", () => {
    for (const bad of ["http://trailscope.internal", "trailscope.internal:3000", "host/path", "a b"]) {
      expect(() => parseSettings({ TRAILSCOPE_ALLOWED_HOSTS: bad }), bad).toThrow(
        /TRAILSCOPE_ALLOWED_HOSTS\.0: must be a host name without scheme or port/,
      );
    }
  });
});

describe("TRAILSCOPE_TOKEN", () => {
  it("refuses a weak token where the app reads its settings", () => {
    expect(() => parseSettings({ TRAILSCOPE_TOKEN: "aaaaaaaaaaaaaaaa" })).toThrow(
      /TRAILSCOPE_TOKEN: is too easy to guess/,
    );
    expect(parseSettings({ TRAILSCOPE_TOKEN: "e2e-token-7f3a9c1d5b2e8f04" }).token).toBe(
      "e2e-token-7f3a9c1d5b2e8f04",
    );
  });
});
