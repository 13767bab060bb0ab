import { describe, expect, it } from "vitest";
import { compareEvents, EventStore, type LookupQuery, type StoredEvent } from "./store";
import { syntheticEntries } from "./synthetic";

const now = new Date("2026-11-25T12:00:00Z");

function brute(
  events: readonly StoredEvent[],
  q: Omit<LookupQuery, "accountId" | "region" | "category" | "limit">,
) {
  return events.filter((e) => {
    if (e.time < q.startMs || e.time > q.endMs) return false;
    if (q.after && compareEvents(e, q.after) <= 0) return false;
    const a = q.attribute;
    if (!a) return true;
    switch (a.key) {
      case "Username":
        return e.username === a.value;
      case "ResourceName":
        return e.resources.some((r) => r.name === a.value);
      case "ReadOnly":
        return String(e.readOnly) === a.value;
      default:
        return a.key === "EventName" ? e.eventName === a.value : true;
    }
  });
}

describe("EventStore", () => {
  it("orders newest first with ties broken by event ID, and pages without skips or duplicates", () => {
    const entries = syntheticEntries({ count: 5000, now, spanMs: 200_000, seed: 7 });
    const store = new EventStore(entries);
    const all = store.events("444455556666", "us-east-1");
    expect(all).toHaveLength(5000);
    for (let i = 1; i < all.length; i++) expect(compareEvents(all[i - 1]!, all[i]!)).toBeLessThan(0);
    const ties = all.filter((e, i) => i > 0 && e.time === all[i - 1]!.time).length;
    expect(ties).toBeGreaterThan(1000);

    const seen: StoredEvent[] = [];
    let after: LookupQuery["after"];
    for (;;) {
      const page = store.lookup({
        accountId: "444455556666",
        region: "us-east-1",
        category: "management",
        attribute: { key: "ReadOnly", value: "false" },
        startMs: 0,
        endMs: now.getTime(),
        after,
        limit: 37,
      });
      seen.push(...page.events);
      if (!page.more) break;
      const last = page.events.at(-1)!;
      after = { time: last.time, eventId: last.eventId };
    }
    expect(seen.map((e) => e.eventId)).toEqual(all.filter((e) => !e.readOnly).map((e) => e.eventId));
  });

  it("answers a page from a 1M-event store correctly and fast", () => {
    const entries = syntheticEntries({ count: 1_000_000, now, seed: 3 });
    const store = new EventStore(entries);
    const all = store.events("444455556666", "us-east-1");
    expect(all).toHaveLength(1_000_000);
    const base = {
      accountId: "444455556666",
      region: "us-east-1",
      category: "management" as const,
      limit: 50,
    };
    const startMs = now.getTime() - 30 * 86_400_000;
    const endMs = now.getTime() - 10 * 86_400_000;
    const cases: LookupQuery["attribute"][] = [
      undefined,
      { key: "Username", value: "user-42" },
      { key: "ResourceName", value: "resource-1234" },
      { key: "EventName", value: "TerminateInstances" },
    ];
    for (const attribute of cases) {
      // The first lookup by a key builds its index; the timed one is a page of a warm store.
      store.lookup({ ...base, attribute, startMs: 0, endMs: 1 });
      const t0 = performance.now();
      const page = store.lookup({ ...base, attribute, startMs, endMs });
      const elapsed = performance.now() - t0;
      const expected = brute(all, { attribute, startMs, endMs }).slice(0, 50);
      expect(page.events.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
      expect(page.events.length).toBeGreaterThan(0);
      // Generous bound for a loaded CI machine; a page is microseconds when indexed.
      expect(elapsed).toBeLessThan(50);
    }
  }, 120_000);
});
