import { describe, expect, it } from "vitest";
import { evaluateCondition, evaluatePolicy, globMatch } from "./policy-evaluator";
import { parsePolicy } from "./policy-document";

const keys = new Map<string, string | null>([
  ["aws:sourcearn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"],
  ["s3:x-amz-acl", null],
]);
const cond = (operator: string, key: string, ...values: string[]) =>
  evaluateCondition({ operator, key, values }, keys);

describe("evaluateCondition", () => {
  it("follows IAM for keys absent from the request", () => {
    expect(cond("StringEquals", "s3:x-amz-acl", "private")).toBe("no");
    expect(cond("StringNotEquals", "s3:x-amz-acl", "private")).toBe("yes");
    expect(cond("StringEqualsIfExists", "s3:x-amz-acl", "private")).toBe("yes");
    expect(cond("ForAllValues:StringEquals", "s3:x-amz-acl", "private")).toBe("yes");
    expect(cond("ForAnyValue:StringEquals", "s3:x-amz-acl", "private")).toBe("no");
    expect(cond("Null", "s3:x-amz-acl", "true")).toBe("yes");
    expect(cond("Null", "aws:SourceArn", "true")).toBe("no");
  });

  it("matches ARNs with wildcards, case-insensitive key names, and says unknown for keys it cannot know", () => {
    expect(cond("ArnLike", "AWS:SourceArn", "arn:aws:cloudtrail:*:111122223333:trail/*")).toBe("yes");
    expect(cond("ArnNotLike", "aws:SourceArn", "arn:aws:cloudtrail:*:444455556666:trail/*")).toBe("yes");
    expect(cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/ma?n")).toBe(
      "yes",
    );
    expect(cond("StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:*:111122223333:trail/main")).toBe("no");
    expect(cond("StringEquals", "aws:SourceIp", "10.0.0.1")).toBe("unknown");
    expect(cond("NumericLessThan", "aws:SourceArn", "3")).toBe("unknown");
  });

  it("treats * in a glob as any run of characters, slashes included", () => {
    expect(globMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b/AWSLogs/1/x.json.gz")).toBe(true);
    expect(globMatch("arn:aws:s3:::b/AWSLogs/1/*", "arn:aws:s3:::b/AWSLogs/2/x")).toBe(false);
    expect(globMatch("s3:put*", "s3:PutObject", true)).toBe(true);
    expect(globMatch("a.b", "axb")).toBe(false);
  });
});

describe("evaluatePolicy", () => {
  const { statements } = parsePolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Allow",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:*",
        Resource: "*",
      },
      {
        Sid: "MaybeDeny",
        Effect: "Deny",
        Principal: "*",
        NotAction: "s3:GetBucketAcl",
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
      },
    ],
  });
  const ctx = (action: string) => ({
    service: "cloudtrail.amazonaws.com",
    action,
    resource: "arn:aws:s3:::b",
    keys,
  });

  it("allows, and reports a Deny it cannot decide", () => {
    const acl = evaluatePolicy(statements, ctx("s3:GetBucketAcl"));
    expect(acl.outcome).toBe("allow");
    expect(acl.possibleDenies).toEqual([]);
    const put = evaluatePolicy(statements, ctx("s3:PutObject"));
    expect(put.outcome).toBe("allow");
    expect(put.possibleDenies.map((s) => s.label)).toEqual(["MaybeDeny"]);
  });

  it("refuses another service", () => {
    expect(
      evaluatePolicy(statements, { ...ctx("s3:PutObject"), service: "config.amazonaws.com" }).outcome,
    ).toBe("implicit-deny");
  });
});
