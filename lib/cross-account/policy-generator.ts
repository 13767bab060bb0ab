import {
  bucketArn,
  CLOUDTRAIL_SERVICE,
  deliveryResource,
  partitionOf,
  REQUIRED_ACL,
  trailArn,
  type BucketPolicy,
  type ConditionBlock,
  type PolicyStatement,
} from "./bucket-policy";
import type { SetupParams } from "./setup-params";

/**
 * The destination bucket's policy for cross-account delivery, in the form AWS documents
 * ("Setting bucket policy for multiple accounts" and the organization-trail bucket policy).
 *
 * Without aws:SourceArn / aws:SourceAccount, any CloudTrail trail in any AWS account that names this
 * bucket and an allowed path could write to it (the confused-deputy problem), so AWS recommends one of
 * them; `restrict` picks which (or none, for trails whose names are not known yet).
 */
export function generateBucketPolicy(params: SetupParams): BucketPolicy {
  const partition = partitionOf(params.region);
  const owner = params.accounts[0];
  if (owner === undefined) throw new Error("at least one account is required");
  const org = params.organizationId;

  // An organization trail belongs to the management account: its ARN and account are the source for
  // every member's files.
  const sourceAccounts = org ? [owner] : params.accounts;
  const source = sourceCondition(params, partition, sourceAccounts);

  const aclCheck: PolicyStatement = {
    Sid: "AWSCloudTrailAclCheck",
    Effect: "Allow",
    Principal: { Service: CLOUDTRAIL_SERVICE },
    Action: "s3:GetBucketAcl",
    Resource: bucketArn(partition, params.bucket),
    ...(source ? { Condition: { StringEquals: source } } : {}),
  };
  const writeCondition = (): ConditionBlock => ({
    StringEquals: { "s3:x-amz-acl": REQUIRED_ACL, ...source },
  });

  if (!org) {
    const resources = params.accounts.map((id) =>
      deliveryResource(partition, params.bucket, params.prefix, id),
    );
    return {
      Version: "2012-10-17",
      Statement: [
        aclCheck,
        {
          Sid: "AWSCloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: CLOUDTRAIL_SERVICE },
          Action: "s3:PutObject",
          Resource: resources.length === 1 ? resources[0]! : resources,
          Condition: writeCondition(),
        },
      ],
    };
  }
  return {
    Version: "2012-10-17",
    Statement: [
      aclCheck,
      // Keeps the management account's own files flowing if the trail is ever turned back into a
      // single-account trail.
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "s3:PutObject",
        Resource: deliveryResource(partition, params.bucket, params.prefix, owner),
        Condition: writeCondition(),
      },
      {
        Sid: "AWSCloudTrailOrganizationWrite",
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "s3:PutObject",
        Resource: deliveryResource(partition, params.bucket, params.prefix, org),
        Condition: writeCondition(),
      },
    ],
  };
}

function sourceCondition(
  params: SetupParams,
  partition: string,
  accounts: string[],
): Record<string, string | string[]> | undefined {
  const one = (values: string[]) => (values.length === 1 ? values[0]! : values);
  switch (params.restrict) {
    case "trail":
      return {
        "aws:SourceArn": one(accounts.map((id) => trailArn(partition, params.region, id, params.trailName))),
      };
    case "account":
      return { "aws:SourceAccount": one(accounts) };
    case "none":
      return undefined;
  }
}

/** The policy as the JSON text to save as policy.json. */
export function formatPolicy(policy: BucketPolicy): string {
  return JSON.stringify(policy, null, 2);
}
