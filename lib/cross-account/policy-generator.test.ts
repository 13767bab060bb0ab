import { describe, expect, it } from "vitest";
import { generateBucketPolicy } from "./policy-generator";
import { buildSetupSteps, shellQuote } from "./setup-steps";
import { parseSetupParams, type SetupParams } from "./setup-params";

const params = (query: string): SetupParams => {
  const parsed = parseSetupParams(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

describe("generateBucketPolicy", () => {
  it("writes AWS's documented multi-account form with one AWSLogs folder per account", () => {
    const policy = generateBucketPolicy(
      params("bucket=central-logs&prefix=org&accounts=111122223333,444455556666"),
    );
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AWSCloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: "arn:aws:s3:::central-logs",
          Condition: {
            StringEquals: {
              "aws:SourceArn": [
                "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
                "arn:aws:cloudtrail:us-east-1:444455556666:trail/management-events",
              ],
            },
          },
        },
        {
          Sid: "AWSCloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: [
            "arn:aws:s3:::central-logs/org/AWSLogs/111122223333/*",
            "arn:aws:s3:::central-logs/org/AWSLogs/444455556666/*",
          ],
          Condition: {
            StringEquals: {
              "s3:x-amz-acl": "bucket-owner-full-control",
              "aws:SourceArn": [
                "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
                "arn:aws:cloudtrail:us-east-1:444455556666:trail/management-events",
              ],
            },
          },
        },
      ],
    });
  });

  it("omits the prefix when there is none and uses aws:SourceAccount when asked", () => {
    const policy = generateBucketPolicy(params("bucket=central-logs&accounts=111122223333&restrict=account"));
    expect(policy.Statement[1]?.Resource).toBe("arn:aws:s3:::central-logs/AWSLogs/111122223333/*");
    expect(policy.Statement[1]?.Condition).toEqual({
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "111122223333" },
    });
  });

  it("leaves out the source condition with restrict=none but keeps the ACL condition", () => {
    const policy = generateBucketPolicy(params("bucket=central-logs&accounts=111122223333&restrict=none"));
    expect(policy.Statement[0]?.Condition).toBeUndefined();
    expect(policy.Statement[1]?.Condition).toEqual({
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
    });
  });

  it("covers the organization folder for an organization trail, with the management account's trail as source", () => {
    const policy = generateBucketPolicy(
      params(
        "bucket=org-logs&accounts=111122223333,444455556666&organizationId=o-demo1example&region=eu-west-1",
      ),
    );
    expect(policy.Statement.map((s) => s.Resource)).toEqual([
      "arn:aws:s3:::org-logs",
      "arn:aws:s3:::org-logs/AWSLogs/111122223333/*",
      "arn:aws:s3:::org-logs/AWSLogs/o-demo1example/*",
    ]);
    for (const statement of policy.Statement) {
      expect(statement.Condition?.StringEquals?.["aws:SourceArn"]).toBe(
        "arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events",
      );
    }
  });

  it("uses the partition of GovCloud regions in every ARN", () => {
    const policy = generateBucketPolicy(params("bucket=gov-logs&accounts=111122223333&region=us-gov-west-1"));
    expect(JSON.stringify(policy)).not.toContain("arn:aws:");
    expect(policy.Statement[0]?.Resource).toBe("arn:aws-us-gov:s3:::gov-logs");
  });
});

describe("buildSetupSteps", () => {
  it("gives the three steps in AWS's order with each account's profile", () => {
    const steps = buildSetupSteps(
      params("bucket=central-logs&prefix=org&accounts=111122223333,444455556666,777788889999"),
    );
    expect(steps.map((s) => s.title)).toEqual([
      "Turn on CloudTrail in the account that owns the bucket",
      "Update the bucket policy so CloudTrail can write for the other accounts",
      "Turn on CloudTrail in each of the other accounts, naming that bucket",
    ]);
    const [first, second, third] = steps;
    expect(first?.commands.map((c) => c.command.split(" ")[2])).toEqual([
      "create-bucket",
      "put-bucket-policy",
      "create-trail",
      "start-logging",
    ]);
    expect(first?.commands.every((c) => c.command.includes("--profile acct-111122223333"))).toBe(true);
    // The owner's trail is created before the full policy exists, so step 1 carries an owner-only policy.
    expect(first?.file?.name).toBe("owner-policy.json");
    expect(first?.file?.text).not.toContain("444455556666");
    expect(second?.commands[0]?.command).toBe(
      "aws s3api put-bucket-policy --bucket central-logs \\\n  --policy file://policy.json \\\n  --profile acct-111122223333",
    );
    expect(third?.commands.map((c) => c.accountId)).toEqual([
      "444455556666",
      "444455556666",
      "777788889999",
      "777788889999",
    ]);
    const createTrail = third?.commands[0]?.command ?? "";
    for (const flag of [
      "--name management-events",
      "--s3-bucket-name central-logs",
      "--s3-key-prefix org",
      "--is-multi-region-trail",
      "--enable-log-file-validation",
      "--profile acct-444455556666",
    ]) {
      expect(createTrail).toContain(flag);
    }
  });

  it("asks for a LocationConstraint outside us-east-1 only", () => {
    const east = buildSetupSteps(params("bucket=central-logs&accounts=111122223333"));
    const west = buildSetupSteps(params("bucket=central-logs&accounts=111122223333&region=eu-west-1"));
    expect(east[0]?.commands[0]?.command).not.toContain("LocationConstraint");
    expect(west[0]?.commands[0]?.command).toContain(
      "--create-bucket-configuration LocationConstraint=eu-west-1",
    );
  });

  it("creates one organization trail in the management account for an organization", () => {
    const steps = buildSetupSteps(
      params("bucket=org-logs&accounts=111122223333,444455556666&organizationId=o-demo1example"),
    );
    expect(steps).toHaveLength(3);
    expect(steps[0]?.commands.map((c) => c.command.split(" ")[2])).toEqual([
      "create-bucket",
      "put-bucket-policy",
    ]);
    expect(steps[1]?.commands[0]?.command).toContain("--is-organization-trail");
    expect(steps[1]?.commands[0]?.accountId).toBe("111122223333");
    expect(steps[2]?.commands[0]?.command).toContain(
      "get-trail-status --name arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
    );
  });

  it("quotes prefixes that a shell would interpret", () => {
    expect(shellQuote("logs/2026")).toBe("logs/2026");
    expect(shellQuote("it's(*)")).toBe(`'it'\\''s(*)'`);
    const steps = buildSetupSteps(params("bucket=central-logs&accounts=111122223333&prefix=a*b"));
    expect(steps[0]?.commands[2]?.command).toContain("--s3-key-prefix 'a*b'");
  });
});
