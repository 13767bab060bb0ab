import { describe, expect, it } from "vitest";
import { compareHref, compareIdFromRowKey, parseCompareParams } from "../query/compare-events";
import { eventKey, sourceKey } from "./event-keys";

const event = { accountId: "111122223333", awsRegion: "eu-west-1", eventId: "id/with:separators" };

describe("eventKey and sourceKey", () => {
  it("tell apart the same event ID in two regions or accounts, and start with the source's key", () => {
    const keys = new Set([
      eventKey(event),
      eventKey({ ...event, awsRegion: "us-east-1" }),
      eventKey({ ...event, accountId: "444455556666" }),
    ]);
    expect(keys.size).toBe(3);
    expect(eventKey(event).startsWith(`${sourceKey(event.accountId, event.awsRegion)}/`)).toBe(true);
  });

  it("is the row key the compare view reads back into the same event", () => {
    const events = [event, { ...event, awsRegion: "us-west-2", eventId: "b" }];
    const href = compareHref(events.map((e) => compareIdFromRowKey(eventKey(e))));
    expect(parseCompareParams(new URL(href, "http://localhost").searchParams)).toEqual({
      ok: true,
      ids: events.map((e) => ({ accountId: e.accountId, region: e.awsRegion, eventId: e.eventId })),
    });
  });
});
