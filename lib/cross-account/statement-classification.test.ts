import { describe, expect, it } from "vitest";
import { deliveryContext } from "./delivery-context";
import { parsePolicy } from "./policy-document";
import { classifyStatements, sourceConditionFindings } from "./statement-classification";

const SERVICE = { Service: "cloudtrail.amazonaws.com" };

function context(statements: Record<string, unknown>[]) {
  const parsed = parsePolicy({ Version: "2012-10-17", Statement: statements });
  return deliveryContext(
    { bucket: "central-logs", prefix: "", accounts: ["111122223333"], region: "us-east-1", policy: {} },
    parsed.statements,
  );
}

describe("classifyStatements", () => {
  it("keeps the statements that let CloudTrail write, and says why the others meant for it cannot", () => {
    const ctx = context([
      {
        Sid: "Acl",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:GetBucketAcl",
        Resource: "arn:aws:s3:::central-logs",
      },
      {
        Sid: "Write",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::central-logs/AWSLogs/*",
      },
      {
        Sid: "CloudTrailRead",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::central-logs/AWSLogs/*",
      },
      {
        Sid: "CloudTrailUser",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::central-logs/*",
      },
    ]);
    const classes = classifyStatements(ctx);
    expect(classes.writeStatements.map((s) => s.label)).toEqual(["Write"]);
    expect(classes.deliveryAllows.map((s) => s.label)).toEqual(["Acl", "Write"]);
    expect(classes.findings.map((f) => [f.statement, f.fix])).toEqual([
      ["CloudTrailRead", 'Set its "Action" to "s3:PutObject".'],
      ["CloudTrailUser", 'Set "Principal": {"Service": "cloudtrail.amazonaws.com"}.'],
    ]);
  });

  it("reports a missing ACL-check statement once, and one aimed at objects by its resource and action", () => {
    expect(classifyStatements(context([])).findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^The ACL-check statement is missing/),
    ]);
    const objects = context([
      {
        Sid: "Acl",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:GetBucketAcl",
        Resource: "arn:aws:s3:::central-logs/*",
      },
    ]);
    // Aimed at objects, it also reads as a write statement with the wrong action.
    expect(classifyStatements(objects).findings).toEqual([
      expect.objectContaining({ statement: "Acl", fix: 'Set "Resource": "arn:aws:s3:::central-logs".' }),
      expect.objectContaining({ statement: "Acl", fix: 'Set its "Action" to "s3:PutObject".' }),
    ]);
  });
});

describe("sourceConditionFindings", () => {
  it("warns of the confused deputy only when no delivery statement limits the source", () => {
    const open = context([
      {
        Sid: "W",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::central-logs/*",
      },
    ]);
    const limited = context([
      {
        Sid: "W",
        Effect: "Allow",
        Principal: SERVICE,
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::central-logs/*",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ]);
    expect(sourceConditionFindings(classifyStatements(open).deliveryAllows)).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringMatching(/confused-deputy/) }),
    ]);
    expect(sourceConditionFindings(classifyStatements(limited).deliveryAllows)).toEqual([]);
    expect(sourceConditionFindings([])).toEqual([]);
  });
});
