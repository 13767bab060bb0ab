import { describe, expect, it } from "vitest";
import type { SearchStep } from "@/lib/investigate/contract";
import { ADVICE_TEXT, reasonText, stepText } from "./verdict-words";

describe("verdict words", () => {
  it("says what was searched and why nothing matched", () => {
    const text = reasonText(
      {
        code: "no-matching-event",
        window: { start: "2026-08-27T00:00:00.000Z", end: "2026-11-25T00:00:00.000Z" },
        regions: ["us-east-1", "eu-west-1"],
        lookups: 7,
        apiCalls: 9,
        eventsRead: 1234,
        scanned: true,
      },
      "fs-0123",
    );
    expect(text).toBe(
      "No event names fs-0123 between 2026-08-27 and 2026-11-25 in us-east-1, eu-west-1: 7 lookups (9 API calls) read 1,234 events, delete events scanned included, and none holds the name, ID or ARN exactly.",
    );
    expect(reasonText({ code: "history-retention", historyStart: "2026-08-27T00:00:00Z" }, "x")).toMatch(
      /^Event history keeps 90 days: a resource deleted before 2026-08-27/,
    );
    expect(ADVICE_TEXT["search-archive"]).toMatch(/archive/);
    expect(reasonText({ code: "search-stopped-early", reason: "20,000 log files read" }, "x")).toBe(
      "The search stopped early (20,000 log files read), so the verdict may miss events.",
    );
  });

  it("words one lookup", () => {
    const step: SearchStep = {
      accountId: "111122223333",
      region: "us-east-1",
      phase: "write-scan",
      lookup: { key: "ReadOnly", value: "false" },
      calls: 40,
      events: 2000,
      storeEvents: 0,
      matched: 0,
      truncated: true,
    };
    expect(stepText(step)).toBe(
      "us-east-1 · 111122223333 · ReadOnly = false (every write): 40 calls, 2,000 events, 0 matching, stopped at the cap",
    );
    expect(stepText({ ...step, calls: 4, storeEvents: 1800 })).toBe(
      "us-east-1 · 111122223333 · ReadOnly = false (every write): 4 calls, 2,000 events (1,800 from the store), 0 matching, stopped at the cap",
    );
  });
});
