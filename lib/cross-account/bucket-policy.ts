/**
 * The IAM policy document shapes the generator writes and the checker reads, and the paths CloudTrail
 * writes to: `[prefix/]AWSLogs/[o-id/]<account>/CloudTrail/...` (docs/aws-reference.md §4.1, §5.1).
 */

export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";
export const REQUIRED_ACL = "bucket-owner-full-control";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal: { Service: string };
  Action: string;
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface BucketPolicy {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** GovCloud and China regions live in their own partitions, which appear in every ARN. */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** The key prefix CloudTrail writes under: `prefix/AWSLogs/` or `AWSLogs/`. */
export function logsRoot(prefix: string): string {
  return prefix ? `${prefix}/AWSLogs/` : "AWSLogs/";
}

/** The object ARN pattern that lets CloudTrail write one account's (or one organization's) files. */
export function deliveryResource(partition: string, bucket: string, prefix: string, owner: string): string {
  return `${bucketArn(partition, bucket)}/${logsRoot(prefix)}${owner}/*`;
}

export function trailArn(partition: string, region: string, accountId: string, trailName: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}
