import { describe, expect, it } from "vitest";
import type { StorePlan } from "@/lib/events/api-contract";
import type { SearchStep } from "@/lib/investigate/contract";
import { describeInvestigationStore } from "./investigation-store";

const now = Date.parse("2026-05-01T12:10:00Z");
const source = (from: ("store" | "lookup")[]): StorePlan["sources"][number] => ({
  accountId: "111122223333",
  region: "us-east-1",
  segments: from.map((f, i) => ({
    start: `2026-05-01T0${i}:00:00.000Z`,
    end: `2026-05-01T0${i}:59:59.999Z`,
    from: f,
  })),
  asOf: null,
  syncedTo: "2026-05-01T12:04:00.000Z",
});
const step = (events: number, storeEvents: number): SearchStep => ({
  accountId: "111122223333",
  region: "us-east-1",
  phase: "lookup",
  lookup: { key: "ResourceName", value: "orders" },
  calls: events === storeEvents ? 0 : 1,
  events,
  storeEvents,
  matched: 0,
  truncated: false,
});

describe("the investigation's store line", () => {
  it("says an answer came from the store, as fresh as its least fresh source, and what it cost", () => {
    const line = describeInvestigationStore(
      { store: { status: "open", sources: [source(["store"])] }, searched: [step(4, 4)], apiCalls: 0 },
      now,
    );
    expect(line).toEqual({
      kind: "store",
      text: "Answered from the store · as of 12:04 UTC (6 min ago) · 0 API calls",
    });
  });

  it("counts the events the store answered when part of the window was read live", () => {
    const line = describeInvestigationStore(
      {
        store: { status: "open", sources: [source(["lookup", "store"])] },
        searched: [step(1200, 1150), step(3, 0)],
        apiCalls: 3,
      },
      now,
    );
    expect(line).toEqual({
      kind: "partly",
      text: "Partly from the store · as of 12:04 UTC (6 min ago): 1,150 of 1,203 events, 3 API calls.",
    });
  });

  it("says why it was read live, as the Events page does, and nothing for the archive", () => {
    const live = { searched: [step(3, 0)], apiCalls: 1 };
    expect(describeInvestigationStore({ ...live, store: { status: "off", sources: [] } }, now)).toEqual({
      kind: "off",
      text: "Read live: the event store is off.",
    });
    expect(
      describeInvestigationStore({ ...live, store: { status: "open", sources: [source(["lookup"])] } }, now)
        ?.kind,
    ).toBe("live");
    expect(describeInvestigationStore({ ...live, store: undefined }, now)).toBeNull();
  });
});
