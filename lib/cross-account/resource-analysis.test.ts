import { describe, expect, it } from "vitest";
import { deliveryContext, type CheckInput } from "./delivery-context";
import { parsePolicy } from "./policy-document";
import {
  aclConditionFindings,
  analyseWriteStatements,
  uncoveredAccountFindings,
  writeResourceFinding,
} from "./resource-analysis";

const ACCOUNTS = ["111122223333", "444455556666"];
const ACL = { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } };

function context(
  resources = ["arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*"],
  input: Partial<CheckInput> = {},
  condition: unknown = ACL,
) {
  const parsed = parsePolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: resources,
        ...(condition === null ? {} : { Condition: condition }),
      },
    ],
  });
  const ctx = deliveryContext(
    { bucket: "central-logs", prefix: "org", accounts: ACCOUNTS, region: "us-east-1", policy: {}, ...input },
    parsed.statements,
  );
  return { ctx, statement: parsed.statements[0]! };
}

describe("writeResourceFinding", () => {
  it("accepts a listed account's folder and explains a wrong bucket, prefix or organization", () => {
    const { ctx, statement } = context();
    const finding = (resource: string) => writeResourceFinding(ctx, statement, resource);
    expect(finding("arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*")).toBeUndefined();
    expect(finding("arn:aws:s3:::other-logs/org/AWSLogs/111122223333/*")?.finding.message).toMatch(
      /is in bucket "other-logs", not "central-logs"/,
    );
    expect(finding("arn:aws:s3:::central-logs/AWSLogs/444455556666/*")).toMatchObject({
      account: "444455556666",
      finding: { severity: "error", fix: expect.stringContaining("central-logs/org/AWSLogs/444455556666/*") },
    });
    expect(finding("arn:aws:s3:::central-logs/org/AWSLogs/999999999999/*")?.finding).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/account 999999999999, which is not in your list/),
    });
    const org = context(undefined, { organizationId: "o-abcdefghij" });
    expect(
      writeResourceFinding(org.ctx, org.statement, "arn:aws:s3:::central-logs/org/AWSLogs/o-zzzzzzzzzz/*")
        ?.finding,
    ).toMatchObject({
      severity: "error",
      message: expect.stringMatching(/names organization o-zzzzzzzzzz, not o-abcdefghij/),
    });
  });

  it("warns when one resource covers every account's folder", () => {
    const { ctx, statement } = context();
    expect(
      writeResourceFinding(ctx, statement, "arn:aws:s3:::central-logs/org/AWSLogs/*")?.finding,
    ).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/covers the AWSLogs\/ folder of every account/),
    });
  });
});

describe("aclConditionFindings", () => {
  it("warns without the x-amz-acl condition and refuses one CloudTrail's ACL cannot meet", () => {
    expect(aclConditionFindings(context(undefined, {}, null).statement)).toEqual([
      expect.objectContaining({ severity: "warning" }),
    ]);
    expect(aclConditionFindings(context().statement)).toEqual([]);
    const wrong = context(undefined, {}, { StringEquals: { "s3:x-amz-acl": "private" } });
    expect(aclConditionFindings(wrong.statement)).toEqual([expect.objectContaining({ severity: "error" })]);
  });
});

describe("analyseWriteStatements and uncoveredAccountFindings", () => {
  it("names each listed account no resource covers, except one already explained by its prefix", () => {
    const { ctx, statement } = context(["arn:aws:s3:::central-logs/AWSLogs/444455556666/*"]);
    const analysis = analyseWriteStatements(ctx, [statement]);
    expect([...analysis.named]).toEqual(["444455556666"]);
    expect(uncoveredAccountFindings(ctx, [statement], analysis.named)).toEqual([
      expect.objectContaining({
        account: "111122223333",
        statement: "AWSCloudTrailWrite",
        fix: 'Add "arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*" to the Resource list of statement AWSCloudTrailWrite.',
      }),
    ]);
  });

  it("reports an organization trail with no folder once, not per account", () => {
    const { ctx } = context(undefined, { organizationId: "o-abcdefghij" });
    expect(uncoveredAccountFindings(ctx, [], new Set())).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/no account \(111122223333, 444455556666\) can deliver/),
      }),
    ]);
  });
});
