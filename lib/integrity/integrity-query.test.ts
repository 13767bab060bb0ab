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
    expect(!parsed.ok && parsed.issues).toEqual([{ param: "start", message: "must be before end" }]);
  });
});
