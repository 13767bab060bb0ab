import { describe, expect, it } from "vitest";
import { deliveryContext } from "./delivery-context";
import { instantiateTrailArn, replayDeliveries } from "./delivery-replay";
import { parsePolicy } from "./policy-document";

const SERVICE = { Service: "cloudtrail.amazonaws.com" };
const ACCOUNTS = ["111122223333", "444455556666"];

function replay(extra: Record<string, unknown>[], writeCondition: Record<string, unknown> = {}) {
  const parsed = parsePolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Acl",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:GetBucketAcl",
        Resource: "arn:aws:s3:::logs",
      },
      {
        Sid: "Write",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::logs/AWSLogs/*",
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...writeCondition } },
      },
      ...extra,
    ],
  });
  return replayDeliveries(
    deliveryContext(
      { bucket: "logs", prefix: "", accounts: ACCOUNTS, region: "us-east-1", policy: {} },
      parsed.statements,
    ),
  );
}

describe("replayDeliveries", () => {
  it("lets every account deliver through the documented statements", () => {
    const result = replay([]);
    expect(result.verdicts.map((v) => [v.id, v.canDeliver])).toEqual(ACCOUNTS.map((id) => [id, true]));
    expect(result.findings).toEqual([]);
  });

  it("names the Deny that wins, once for every account it blocks", () => {
    const result = replay([
      {
        Sid: "NoWrites",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::logs/*",
      },
    ]);
    expect(result.verdicts.every((v) => !v.canDeliver)).toBe(true);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: "error",
        statement: "NoWrites",
        message: expect.stringMatching(/s3:PutObject for accounts 111122223333, 444455556666/),
      }),
    ]);
  });

  it("points at the condition an Allow misses, per account", () => {
    const result = replay([], { "aws:SourceAccount": "111122223333" });
    expect(result.verdicts.map((v) => v.canDeliver)).toEqual([true, false]);
    expect(result.conditionMisses).toEqual([
      expect.objectContaining({
        statement: "Write",
        account: "444455556666",
        fix: 'Add "444455556666" to aws:SourceAccount.',
      }),
    ]);
  });
});

describe("instantiateTrailArn", () => {
  it("fills a wildcard aws:SourceArn in for one account, and refuses one of another account or service", () => {
    expect(
      instantiateTrailArn("arn:aws:cloudtrail:*:111122223333:trail/*", "111122223333", "eu-west-1"),
    ).toBe("arn:aws:cloudtrail:eu-west-1:111122223333:trail/example");
    expect(
      instantiateTrailArn("arn:aws:cloudtrail:*:111122223333:trail/*", "444455556666", "eu-west-1"),
    ).toBeUndefined();
    expect(instantiateTrailArn("arn:aws:s3:::logs", "111122223333", "eu-west-1")).toBeUndefined();
  });
});
