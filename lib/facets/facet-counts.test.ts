import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { FACETS, countFacets, facetFilter } from "./facet-counts";

const events = [
  makeAuditEvent({ eventId: "1", username: "alice", eventName: "RunInstances", errorCode: null }),
  makeAuditEvent({ eventId: "2", username: "bob", eventName: "RunInstances", errorCode: "AccessDenied" }),
  makeAuditEvent({ eventId: "3", username: "alice", eventName: "StopInstances", errorCode: "AccessDenied" }),
  makeAuditEvent({
    eventId: "4",
    username: null,
    eventName: "DeleteBucket",
    eventSource: "s3.amazonaws.com",
  }),
  makeAuditEvent({ eventId: "5", username: "carol", eventName: "RunInstances", awsRegion: "eu-west-1" }),
];

function facet(id: string) {
  const result = countFacets(events).find((f) => f.facet.id === id);
  if (!result) throw new Error(`no facet ${id}`);
  return result;
}

describe("countFacets", () => {
  it("counts each value, most frequent first and ties in value order", () => {
    expect(facet("username").top).toEqual([
      { value: "alice", count: 2 },
      { value: "bob", count: 1 },
      { value: "carol", count: 1 },
    ]);
    expect(facet("eventName").top).toEqual([
      { value: "RunInstances", count: 3 },
      { value: "DeleteBucket", count: 1 },
      { value: "StopInstances", count: 1 },
    ]);
  });

  it("skips events without a value and reports how many had one", () => {
    expect(facet("username").withValue).toBe(4);
    expect(facet("errorCode")).toMatchObject({
      withValue: 2,
      distinct: 1,
      top: [{ value: "AccessDenied", count: 2 }],
    });
  });

  it("keeps only the top values but counts every distinct one", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      makeAuditEvent({ eventId: String(i), eventName: `E${i % 12}` }),
    );
    const names = countFacets(many, { top: 5 }).find((f) => f.facet.id === "eventName");
    expect(names?.top).toHaveLength(5);
    expect(names?.distinct).toBe(12);
    expect(names?.top[0]).toEqual({ value: "E0", count: 3 });
  });

  it("gives an empty list for no events", () => {
    for (const f of countFacets([])) expect(f).toMatchObject({ withValue: 0, distinct: 0, top: [] });
  });

  it("maps a click to the filter parameter of the field", () => {
    const region = FACETS.find((f) => f.id === "region");
    const client = FACETS.find((f) => f.id === "client");
    if (!region || !client) throw new Error("missing facet");
    expect(facetFilter(region, "eu-west-1")).toEqual({ region: "eu-west-1" });
    expect(facetFilter(client, "console")).toEqual({ client: "console" });
  });
});
