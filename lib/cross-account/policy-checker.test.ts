import { describe, expect, it } from "vitest";
import { checkBucketPolicy, type CheckInput, type CheckResult } from "./policy-checker";
import { generateBucketPolicy } from "./policy-generator";
import type { BucketPolicy } from "./bucket-policy";
import { parseSetupParams } from "./setup-params";

const ACCOUNTS = ["111122223333", "444455556666", "777788889999"];
const BASE: Omit<CheckInput, "policy"> = {
  bucket: "central-logs",
  prefix: "org",
  accounts: ACCOUNTS,
  region: "us-east-1",
};

function generated(query = `bucket=central-logs&prefix=org&accounts=${ACCOUNTS.join(",")}`): BucketPolicy {
  const parsed = parseSetupParams(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return generateBucketPolicy(parsed.value);
}

/** The classic AWS form without source conditions, easy to break one piece at a time. */
function classic(): { Version: string; Statement: Record<string, unknown>[] } {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSCloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: "arn:aws:s3:::central-logs",
      },
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: ACCOUNTS.map((id) => `arn:aws:s3:::central-logs/org/AWSLogs/${id}/*`),
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ],
  };
}

const check = (policy: unknown, input: Partial<CheckInput> = {}): CheckResult =>
  checkBucketPolicy({ ...BASE, ...input, policy: policy as CheckInput["policy"] });
const errors = (r: CheckResult) => r.findings.filter((f) => f.severity === "error");
const warnings = (r: CheckResult) => r.findings.filter((f) => f.severity === "warning");
const verdict = (r: CheckResult, id: string) => r.accounts.find((a) => a.id === id);

describe("checkBucketPolicy", () => {
  it("passes the generated policy, given as text or as an object", () => {
    for (const policy of [generated(), JSON.stringify(generated(), null, 2)]) {
      const result = check(policy);
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.accounts.map((a) => a.canDeliver)).toEqual([true, true, true]);
    }
  });

  it("names the one account missing from the PutObject resources", () => {
    const policy = generated();
    (policy.Statement[1]!.Resource as string[]).splice(1, 1);
    const result = check(policy);
    expect(result.ok).toBe(false);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        account: "444455556666",
        statement: "AWSCloudTrailWrite",
        message: expect.stringContaining("missing from the PutObject resources"),
        fix: expect.stringContaining("arn:aws:s3:::central-logs/org/AWSLogs/444455556666/*"),
      }),
    ]);
    expect(verdict(result, "444455556666")?.canDeliver).toBe(false);
    expect(verdict(result, "111122223333")?.canDeliver).toBe(true);
    expect(verdict(result, "777788889999")?.canDeliver).toBe(true);
  });

  it("reports a wrong prefix per resource and that no account can deliver", () => {
    const policy = classic();
    policy.Statement[1]!.Resource = ACCOUNTS.map(
      (id) => `arn:aws:s3:::central-logs/old-prefix/AWSLogs/${id}/*`,
    );
    const result = check(policy);
    const prefixErrors = errors(result).filter((f) => f.message.includes('uses the prefix "old-prefix/"'));
    expect(prefixErrors.map((f) => f.account)).toEqual(ACCOUNTS);
    expect(prefixErrors[0]?.fix).toContain("arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*");
    // The prefix finding already names each account: no duplicate "missing account" finding.
    expect(errors(result)).toHaveLength(3);
    expect(result.accounts.every((a) => !a.canDeliver)).toBe(true);
  });

  it("says when the resource has no prefix but the trails use one, and the reverse", () => {
    const noPrefix = classic();
    noPrefix.Statement[1]!.Resource = `arn:aws:s3:::central-logs/AWSLogs/111122223333/*`;
    expect(errors(check(noPrefix, { accounts: ["111122223333"] }))[0]?.message).toContain(
      'has no prefix, but the trails deliver under "org/"',
    );
    const extra = classic();
    extra.Statement[1]!.Resource = `arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*`;
    expect(errors(check(extra, { accounts: ["111122223333"], prefix: "" }))[0]?.message).toContain(
      'has the prefix "org/", but the trails deliver with no prefix',
    );
  });

  it("warns when the s3:x-amz-acl condition is missing, and fails a wrong one", () => {
    const missing = classic();
    delete missing.Statement[1]!.Condition;
    const r1 = check(missing);
    expect(errors(r1)).toEqual([]);
    expect(warnings(r1)).toContainEqual(
      expect.objectContaining({
        statement: "AWSCloudTrailWrite",
        message: expect.stringContaining('no "s3:x-amz-acl"'),
      }),
    );
    expect(r1.accounts.every((a) => a.canDeliver)).toBe(true);

    const wrong = classic();
    wrong.Statement[1]!.Condition = { StringEquals: { "s3:x-amz-acl": "private" } };
    const r2 = check(wrong);
    expect(errors(r2)[0]?.message).toContain('StringEquals s3:x-amz-acl "private"');
    expect(r2.accounts.every((a) => !a.canDeliver)).toBe(true);
  });

  it("reports the missing GetBucketAcl statement", () => {
    const policy = classic();
    policy.Statement.splice(0, 1);
    const result = check(policy);
    expect(errors(result)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("ACL-check statement is missing") }),
    ]);
    expect(result.accounts.every((a) => !a.canDeliver)).toBe(true);
    expect(verdict(result, "111122223333")?.reasons[0]).toContain("s3:GetBucketAcl");
  });

  it("names a wrong principal, a wrong action and a wrong bucket", () => {
    const principal = classic();
    principal.Statement[0]!.Principal = { AWS: "arn:aws:iam::111122223333:root" };
    expect(errors(check(principal))[0]).toMatchObject({
      statement: "AWSCloudTrailAclCheck",
      message: expect.stringContaining("not for the service cloudtrail.amazonaws.com"),
    });

    // A bare string other than "*" is not a valid Principal: S3 rejects the policy.
    const bare = classic();
    bare.Statement[1]!.Principal = "cloudtrail.amazonaws.com";
    const bareResult = check(bare);
    expect(errors(bareResult)[0]).toMatchObject({
      statement: "AWSCloudTrailWrite",
      message: expect.stringContaining('Principal "cloudtrail.amazonaws.com" is not valid'),
    });
    expect(bareResult.accounts.every((a) => !a.canDeliver)).toBe(true);

    const action = classic();
    action.Statement[0]!.Action = "s3:GetBucketPolicy";
    expect(errors(check(action))[0]?.message).toContain("needs s3:GetBucketAcl");

    const writeAction = classic();
    writeAction.Statement[1]!.Action = ["s3:PutObjectAcl"];
    expect(errors(check(writeAction))[0]).toMatchObject({
      statement: "AWSCloudTrailWrite",
      message: expect.stringContaining("needs s3:PutObject"),
    });

    const bucket = classic();
    bucket.Statement[0]!.Resource = "arn:aws:s3:::other-bucket";
    bucket.Statement[1]!.Resource = "arn:aws:s3:::other-bucket/org/AWSLogs/*";
    const messages = errors(check(bucket)).map((f) => f.message);
    expect(messages).toContain(
      'Its Resource is bucket "other-bucket", not "central-logs"; s3:GetBucketAcl must name the bucket itself, arn:aws:s3:::central-logs.',
    );
    expect(messages).toContain(
      'Resource "arn:aws:s3:::other-bucket/org/AWSLogs/*" is in bucket "other-bucket", not "central-logs".',
    );
  });

  it("leaves alone statements that are not about CloudTrail", () => {
    const policy = classic();
    policy.Statement.push(
      {
        Sid: "PublicRead",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::central-logs/public/*",
      },
      {
        Sid: "Admins",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:role/Admin" },
        Action: "s3:*",
        Resource: ["arn:aws:s3:::central-logs", "arn:aws:s3:::central-logs/*"],
      },
    );
    expect(errors(check(policy))).toEqual([]);
    // Without the ACL-check statement, the admin statement is not mistaken for a wrong-principal one.
    policy.Statement.splice(0, 1);
    expect(errors(check(policy)).map((f) => f.message)).toEqual([
      expect.stringContaining("The ACL-check statement is missing"),
    ]);
  });

  it("says that an AWSLogs/* wildcard covers every account", () => {
    const policy = classic();
    policy.Statement[1]!.Resource = "arn:aws:s3:::central-logs/org/AWSLogs/*";
    const result = check(policy);
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining("covers the AWSLogs/ folder of every account"),
      }),
    );
    expect(result.accounts.every((a) => a.canDeliver)).toBe(true);
  });

  it("finds a Deny that blocks delivery and ignores one that does not apply", () => {
    const policy = classic();
    policy.Statement.push(
      {
        Sid: "DenyProd",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: "arn:aws:s3:::central-logs/org/AWSLogs/444455556666/*",
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::central-logs", "arn:aws:s3:::central-logs/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    );
    const result = check(policy);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        statement: "DenyProd",
        message: expect.stringContaining("account 444455556666"),
      }),
    ]);
    expect(verdict(result, "444455556666")).toMatchObject({
      canDeliver: false,
      reasons: [expect.stringContaining("Deny statement DenyProd")],
    });
    expect(verdict(result, "111122223333")?.canDeliver).toBe(true);
  });

  it("turns malformed JSON and non-policies into findings, not exceptions", () => {
    for (const text of ["{ not json", "[]", '{"Version": "2012-10-17"}']) {
      const result = check(text);
      expect(result.ok).toBe(false);
      expect(errors(result)).toHaveLength(1);
      expect(
        result.accounts.every((a) => !a.canDeliver && a.reasons[0] === "The policy could not be read."),
      ).toBe(true);
    }
    expect(errors(check("{ not json"))[0]?.message).toMatch(/^The policy is not valid JSON/);
  });

  it("accepts the other spellings IAM allows", () => {
    const combined = (condition: Record<string, unknown>) => ({
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Principal: { Service: ["cloudtrail.amazonaws.com", "config.amazonaws.com"] },
        Action: ["s3:GetBucketAcl", "s3:PutObject"],
        Resource: ["arn:aws:s3:::central-logs", "arn:aws:s3:::central-logs/org/AWSLogs/*/*"],
        Condition: condition,
      },
    });
    const ifExists = check(combined({ StringLikeIfExists: { "s3:x-amz-acl": ["bucket-owner-*"] } }));
    expect(errors(ifExists)).toEqual([]);
    expect(ifExists.accounts.every((a) => a.canDeliver)).toBe(true);

    // In one statement the ACL condition also applies to GetBucketAcl, where the key is absent: a plain
    // (or ForAnyValue:) operator then fails, which is why AWS keeps the two statements apart.
    const anyValue = check(
      combined({ "ForAnyValue:StringEqualsIgnoreCase": { "s3:x-amz-acl": "BUCKET-OWNER-FULL-CONTROL" } }),
    );
    expect(anyValue.accounts.every((a) => !a.canDeliver)).toBe(true);
    expect(errors(anyValue)).toContainEqual(
      expect.objectContaining({
        statement: "Statement[0]",
        account: "111122223333",
        message: expect.stringContaining("read the bucket ACL"),
      }),
    );
  });

  it("names the account an aws:SourceAccount condition leaves out", () => {
    const policy = generated(
      `bucket=central-logs&prefix=org&accounts=${ACCOUNTS.join(",")}&restrict=account`,
    );
    for (const statement of policy.Statement) {
      statement.Condition!.StringEquals!["aws:SourceAccount"] = ["111122223333", "777788889999"];
    }
    const result = check(policy);
    expect(verdict(result, "444455556666")?.canDeliver).toBe(false);
    expect(errors(result)).toContainEqual(
      expect.objectContaining({
        account: "444455556666",
        statement: "AWSCloudTrailAclCheck",
        fix: 'Add "444455556666" to aws:SourceAccount.',
      }),
    );
    expect(verdict(result, "777788889999")?.canDeliver).toBe(true);
  });

  it("checks aws:SourceArn against the exact trail when its name is given", () => {
    const policy = generated();
    expect(check(policy, { trailName: "management-events" }).ok).toBe(true);
    const other = check(policy, { trailName: "audit" });
    expect(other.accounts.every((a) => !a.canDeliver)).toBe(true);
    expect(errors(other)[0]?.message).toContain("arn:aws:cloudtrail:us-east-1:111122223333:trail/audit");
  });

  it("checks an organization trail's folder for every member", () => {
    const query = `bucket=central-logs&accounts=${ACCOUNTS.join(",")}&organizationId=o-demo1example`;
    const input = { prefix: "", organizationId: "o-demo1example" };
    expect(check(generated(query), input).ok).toBe(true);
    const noOrg = generated(query);
    noOrg.Statement.pop();
    const result = check(noOrg, input);
    expect(result.accounts.every((a) => !a.canDeliver)).toBe(true);
    expect(errors(result)[0]?.message).toContain("arn:aws:s3:::central-logs/AWSLogs/o-demo1example/*");
  });

  it("warns when digest files are left out", () => {
    const policy = classic();
    policy.Statement[1]!.Resource = ACCOUNTS.map(
      (id) => `arn:aws:s3:::central-logs/org/AWSLogs/${id}/CloudTrail/*`,
    );
    const result = check(policy);
    expect(result.accounts.every((a) => a.canDeliver)).toBe(true);
    expect(
      warnings(result)
        .filter((f) => f.message.includes("digest files"))
        .map((f) => f.account),
    ).toEqual(ACCOUNTS);
  });
});
