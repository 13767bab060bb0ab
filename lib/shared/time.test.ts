import { describe, expect, it } from "vitest";
import { DAY, HOUR, isoSeconds, MINUTE, SECOND } from "./time";

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
