import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "../../test/support/make-audit-event";
import {
  compareFields,
  compareHref,
  compareIdFromRowKey,
  compareRecords,
  parseCompareParams,
} from "./compare-events";

const ID_A = "111122223333:us-east-1:3f1c0a2e-1111-4c1e-9f00-000000000001";
const ID_B = "444455556666:eu-west-1:3f1c0a2e-2222-4c1e-9f00-000000000002";

describe("parseCompareParams", () => {
  it("reads two to five account:region:eventId values", () => {
    const parsed = parseCompareParams(new URLSearchParams({ ids: `${ID_A},${ID_B}` }));
    expect(parsed).toEqual({
      ok: true,
      ids: [
        { accountId: "111122223333", region: "us-east-1", eventId: "3f1c0a2e-1111-4c1e-9f00-000000000001" },
        { accountId: "444455556666", region: "eu-west-1", eventId: "3f1c0a2e-2222-4c1e-9f00-000000000002" },
      ],
    });
  });

  it("round-trips the link the Events page builds", () => {
    const href = compareHref(
      ["111122223333/us-east-1/x:y/1", "111122223333/us-west-2/z"].map(compareIdFromRowKey),
    );
    const parsed = parseCompareParams(new URL(href, "http://localhost").searchParams);
    expect(parsed).toEqual({
      ok: true,
      ids: [
        { accountId: "111122223333", region: "us-east-1", eventId: "x:y/1" },
        { accountId: "111122223333", region: "us-west-2", eventId: "z" },
      ],
    });
  });

  it("names what is wrong with a bad value, a sixth event, a repeat or an unknown parameter", () => {
    const issues = (query: string) => {
      const parsed = parseCompareParams(new URLSearchParams(query));
      return parsed.ok ? [] : parsed.issues;
    };
    expect(issues("")).toEqual([{ param: "ids", message: expect.stringContaining("is required") }]);
    expect(issues("ids=12:us-east-1:e,111122223333:mars:e")).toEqual([
      { param: "ids", message: expect.stringContaining('"12:us-east-1:e" does not start with a 12-digit') },
      { param: "ids", message: expect.stringContaining("does not name an AWS region") },
    ]);
    expect(issues(`ids=${ID_A}`)[0]?.message).toBe("must name at least two events to compare");
    const six = Array.from({ length: 6 }, (_, i) => `111122223333:us-east-1:e${i}`).join(",");
    expect(issues(`ids=${six}`)[0]?.message).toBe("can name at most 5 events");
    expect(issues(`ids=${ID_A},${ID_A}`)[0]?.message).toBe(`names ${ID_A} twice`);
    expect(issues(`ids=${ID_A},${ID_B}&x=1`)[0]?.param).toBe("x");
    expect(issues(`ids=${ID_A},${ID_B}&ids=${ID_B}`)[0]).toEqual({
      param: "ids",
      message: "is given more than once",
    });
  });
});

describe("compareFields and compareRecords", () => {
  it("marks the fields and record paths whose values differ between events", () => {
    const a = makeAuditEvent({ eventName: "DeleteBucket", awsRegion: "us-east-1", errorCode: null });
    const b = makeAuditEvent({
      eventName: "DeleteBucket",
      awsRegion: "eu-west-1",
      errorCode: "AccessDenied",
    });
    const fields = compareFields([a, b]);
    const row = (label: string) => fields.find((f) => f.label === label);
    expect(row("Event name")).toMatchObject({ values: ["DeleteBucket", "DeleteBucket"], differs: false });
    expect(row("Region")).toMatchObject({ values: ["us-east-1", "eu-west-1"], differs: true });
    expect(row("Error code")).toMatchObject({ values: [null, "AccessDenied"], differs: true });

    const records = compareRecords([
      { eventName: "DeleteBucket", requestParameters: { bucketName: "a", tags: [] } },
      { eventName: "DeleteBucket", requestParameters: { bucketName: "b" }, errorCode: "AccessDenied" },
    ]);
    expect(records).toEqual([
      { label: "eventName", values: ['"DeleteBucket"', '"DeleteBucket"'], differs: false },
      { label: "requestParameters.bucketName", values: ['"a"', '"b"'], differs: true },
      { label: "requestParameters.tags", values: ["[]", null], differs: true },
      { label: "errorCode", values: [null, '"AccessDenied"'], differs: true },
    ]);
  });
});
