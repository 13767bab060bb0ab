import { describe, expect, it } from "vitest";
import type { StorePlan } from "@/lib/events/api-contract";
import { describeStorePlan } from "./store-freshness";

const now = Date.parse("2026-05-01T12:10:00Z");
const source = (segments: ("store" | "lookup")[], syncedTo: string | null, asOf: string | null = null) => ({
  accountId: "111122223333",
  region: "us-east-1",
  segments: segments.map((from, i) => ({
    start: `2026-05-01T0${i}:00:00.000Z`,
    end: `2026-05-01T0${i}:59:59.999Z`,
    from,
  })),
  asOf,
  syncedTo,
});

describe("the Events page's store line", () => {
  it("says a view came from the store, as of its least fresh source", () => {
    const plan: StorePlan = {
      status: "open",
      sources: [
        source(["store"], "2026-05-01T12:07:00.000Z", "2026-05-01T12:07:00.000Z"),
        { ...source(["store", "store"], "2026-05-01T12:04:00.000Z"), region: "eu-west-1" },
      ],
    };
    expect(describeStorePlan(plan, now)).toEqual({
      kind: "store",
      text: "Answered from the store · as of 12:04 UTC (6 min ago)",
    });
  });

  it("counts the segments read live, and says when nothing came from the store", () => {
    const partly = describeStorePlan(
      { status: "open", sources: [source(["lookup", "store", "store"], "2026-05-01T12:09:00.000Z")] },
      now,
    );
    expect(partly?.kind).toBe("partly");
    expect(partly?.text).toBe(
      "Partly from the store: 2 of 3 time segments; the rest read live · as of 12:09 UTC (1 min ago)",
    );
    expect(describeStorePlan({ status: "open", sources: [source(["lookup"], null)] }, now)?.kind).toBe(
      "live",
    );
  });

  it("says why a view was read live when the store is off or unavailable, and nothing for the archive", () => {
    expect(describeStorePlan({ status: "off", sources: [] }, now)?.kind).toBe("off");
    expect(
      describeStorePlan({ status: "unavailable", message: "the file is locked", sources: [] }, now)?.text,
    ).toContain("the file is locked");
    expect(describeStorePlan(undefined, now)).toBeNull();
  });
});
