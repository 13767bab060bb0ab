import { afterEach, describe, expect, it, vi } from "vitest";
import { DAY, HOUR, MINUTE, SECOND, formatTimestamp, isoSeconds } from "./time";

afterEach(() => vi.unstubAllEnvs());

describe("isoSeconds", () => {
  it("drops the milliseconds of a Date or an epoch, the way CloudTrail and the AWS CLI write times", () => {
    expect(isoSeconds(new Date("2026-11-20T09:15:02.987Z"))).toBe("2026-11-20T09:15:02Z");
    expect(isoSeconds(Date.UTC(2026, 10, 20, 9, 15, 2))).toBe("2026-11-20T09:15:02Z");
  });

  it("builds each unit from the one below it", () => {
    expect([MINUTE / SECOND, HOUR / MINUTE, DAY / HOUR]).toEqual([60, 60, 24]);
    expect(new Date(Date.UTC(2026, 0, 1) + DAY).toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
});

describe("formatTimestamp", () => {
  it("shows UTC with its zone, whatever the wire format's precision", () => {
    expect(formatTimestamp("2026-11-25T12:03:04Z")).toBe("2026-11-25 12:03:04 UTC");
    expect(formatTimestamp("2026-11-25T12:03:04.987Z", "utc")).toBe("2026-11-25 12:03:04 UTC");
    expect(formatTimestamp(isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe("2026-01-02 03:04:05 UTC");
  });

  it("shows the runtime's local zone without a suffix", () => {
    vi.stubEnv("TZ", "Asia/Kolkata");
    expect(formatTimestamp("2026-11-25T12:03:04Z", "local")).toBe("2026-11-25 17:33:04");
    vi.stubEnv("TZ", "America/Los_Angeles");
    expect(formatTimestamp("2026-01-01T05:00:00Z", "local")).toBe("2025-12-31 21:00:00");
  });

  it("shows text that is not a date as it is", () => {
    expect(formatTimestamp("not a date")).toBe("not a date");
  });
});
