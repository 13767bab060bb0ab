import { digestKey, logFileKey } from "../trail-files/keys";
import { bucketArn, CLOUDTRAIL_SERVICE, deliveryResource, partitionOf } from "./bucket-policy";
import type { ParsedStatement } from "./policy-document";

/** What the bucket policy is checked against: the bucket, its prefix, the accounts that deliver to it. */
export interface CheckInput {
  bucket: string;
  /** Normalized: no leading or trailing slash, "" for none. */
  prefix: string;
  accounts: string[];
  /** For an organization trail: files go to AWSLogs/<org id>/<account>/, written by the management account's trail (the first account). */
  organizationId?: string;
  /** When known, aws:SourceArn is checked against this exact trail; otherwise any trail name is tried. */
  trailName?: string;
  region: string;
  policy: string | Record<string, unknown>;
}

/** An account ID that is in no list: used to tell whether a resource pattern covers every account. */
export const UNLISTED_ACCOUNT = "000000000000";

/** Any delivery time will do: policies never name a day, and a fixed one keeps the messages stable. */
const SAMPLE_DELIVERY = new Date(Date.UTC(2026, 0, 1));

/** The objects CloudTrail writes for one account, as `arn:…:s3:::bucket/key`, and who it says it writes for. */
export interface AccountRequests {
  sourceAccount: string;
  logKey: string;
  digestKey: string;
}

/** The facts every part of the check shares, derived once from the input and the parsed policy. */
export interface DeliveryContext {
  input: CheckInput;
  partition: string;
  /** The bucket's ARN. */
  bucket: string;
  statements: ParsedStatement[];
  organizationId: string | undefined;
  /** The account whose trail writes an organization's files: the first one listed. */
  management: string;
  requestsFor(account: string): AccountRequests;
  /** The resource AWS documents for the account (or, for an organization trail, the organization). */
  expectedResource(account: string): string;
}

export function deliveryContext(input: CheckInput, statements: ParsedStatement[]): DeliveryContext {
  const partition = partitionOf(input.region);
  const bucket = bucketArn(partition, input.bucket);
  const org = input.organizationId;
  const management = input.accounts[0] ?? UNLISTED_ACCOUNT;
  return {
    input,
    partition,
    bucket,
    statements,
    organizationId: org,
    management,
    requestsFor(account) {
      const scope = {
        prefix: input.prefix || undefined,
        organizationId: org,
        accountId: account,
        region: input.region,
      };
      return {
        sourceAccount: org ? management : account,
        logKey: `${bucket}/${logFileKey(scope, SAMPLE_DELIVERY, "a1b2c3d4")}`,
        digestKey: `${bucket}/${digestKey(scope, "trail", input.region, SAMPLE_DELIVERY)}`,
      };
    },
    expectedResource: (account) => deliveryResource(partition, input.bucket, input.prefix, org || account),
  };
}

/** The condition keys of CloudTrail's delivery requests that Trailscope can know. */
export function contextKeys(
  sourceArn: string,
  sourceAccount: string,
  acl: string | null,
): Map<string, string | null> {
  return new Map<string, string | null>([
    ["aws:sourcearn", sourceArn],
    ["aws:sourceaccount", sourceAccount],
    ["aws:securetransport", "true"],
    ["aws:principalservicename", CLOUDTRAIL_SERVICE],
    ["aws:principalisawsservice", "true"],
    ["s3:x-amz-acl", acl],
  ]);
}
