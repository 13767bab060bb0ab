import { describe, expect, it } from "vitest";
import { parseIntegrityQuery } from "./integrity-query";

const ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail";

describe("parseIntegrityQuery", () => {
  it("reads a trail, a UTC range and a member account", () => {
    const parsed = parseIntegrityQuery(
      new URLSearchParams({
        trailArn: ARN,
        start: "2026-11-25T08:00",
        end: "2026-11-25T10:30:00Z",
        account: "444455556666",
      }),
    );
    expect(parsed.ok && parsed.query).toMatchObject({
      trailArn: ARN,
      start: new Date("2026-11-25T08:00:00Z"),
      end: new Date("2026-11-25T10:30:00Z"),
      account: "444455556666",
    });
  });

  it("names each bad parameter", () => {
    const parsed = parseIntegrityQuery(
      new URLSearchParams({ trailArn: "trail/x", start: "soon", account: "12" }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.issues.map((i) => i.param).sort()).toEqual(["account", "start", "trailArn"]);
    const missing = parseIntegrityQuery(new URLSearchParams());
    expect(!missing.ok && missing.issues).toEqual([
      { param: "trailArn", message: "is required" },
      { param: "start", message: "is required" },
    ]);
  });

  it("refuses a start after the end, as the CLI does", () => {
    const parsed = parseIntegrityQuery(
      new URLSearchParams({ trailArn: ARN, start: "2026-11-25T10:00Z", end: "2026-11-25T09:00Z" }),
    );
    expect(!parsed.ok && parsed.issues).toEqual([{ param: "start", message: "must not be after end" }]);
  });
});

describe("parseIntegrityQuery at the edge", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const parse = (query: string) => parseIntegrityQuery(new URLSearchParams(query), now);

  it("refuses a trail ARN whose region is a host name", () => {
    const parsed = parse(
      "trailArn=arn:aws:cloudtrail:evil.example.com:111122223333:trail/org-trail&start=2026-11-25",
    );
    expect(!parsed.ok && parsed.issues.map((i) => i.param)).toEqual(["trailArn"]);
  });

  it("refuses unknown and repeated parameters like every route", () => {
    const unknown = parse(`trailArn=${ARN}&start=2026-11-25&bucket=x`);
    expect(!unknown.ok && unknown.issues).toEqual([{ param: "bucket", message: "is not a parameter here" }]);
    const repeated = parse(`trailArn=${ARN}&start=2026-11-25&start=2026-11-24`);
    expect(!repeated.ok && repeated.issues).toEqual([{ param: "start", message: "is given more than once" }]);
  });

  it("reads year 1 as year 1 and refuses windows before CloudTrail or in the future", () => {
    const ancient = parse(`trailArn=${ARN}&start=0001-01-01T00:00:00Z&end=2026-11-25T00:00:00Z`);
    expect(!ancient.ok && ancient.issues.map((i) => i.param)).toEqual(["start"]);
    const future = parse(`trailArn=${ARN}&start=2026-11-25T00:00:00Z&end=9999-12-31T00:00:00Z`);
    expect(!future.ok && future.issues.map((i) => i.param)).toEqual(["end"]);
  });

  it("treats the form's empty optional fields as not given", () => {
    const parsed = parse(`trailArn=${ARN}&start=2026-11-25T08:00Z&end=&account=`);
    expect(parsed.ok && parsed.query).toMatchObject({ account: undefined, end: now });
  });
});
