import { describe, expect, it } from "vitest";
import { regionSchema, trailArnSchema } from "./aws-names";

describe("AWS names", () => {
  it.each(["us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2"])("takes region %s", (region) => {
    expect(regionSchema.safeParse(region).success).toBe(true);
  });

  it.each(["evil.example.com", "us-east", "US-EAST-1", "us-east-1.evil"])("refuses region %s", (region) => {
    expect(regionSchema.safeParse(region).success).toBe(false);
  });

  it("checks every part of a trail ARN", () => {
    expect(
      trailArnSchema.safeParse("arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail").success,
    ).toBe(true);
    const message = (arn: string) => trailArnSchema.safeParse(arn).error?.issues[0]?.message;
    expect(message("arn:aws:cloudtrail:evil.example.com:111122223333:trail/x1y")).toMatch(
      /"evil.example.com", not an AWS region name/,
    );
    expect(message("arn:aws:cloudtrail:us-east-1:1234:trail/org-trail")).toMatch(/12-digit/);
    expect(message("arn:aws:cloudtrail:us-east-1:111122223333:trail/a")).toMatch(/trail name/);
    expect(message("trail/x")).toMatch(/must be a trail ARN/);
  });
});
