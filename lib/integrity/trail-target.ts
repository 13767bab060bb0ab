import {
  DescribeTrailsCommand,
  ListPublicKeysCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import type { ObjectStore } from "../trail-files/object-store";
import { trailArnParts, ValidationAbort, type PublicKeyMap, type ValidateOptions } from "./validator";

/**
 * What the CLI looks up before walking: the trail's bucket and prefix (DescribeTrails, unless given),
 * the organization of an organization trail, and the public keys (ListPublicKeys).
 */

/** A usage error: the CLI reports these as parameter validation failures (exit 252). */
export class ValidationParamError extends Error {
  override name = "ValidationParamError";
}

export interface TargetInput {
  trailArn: string;
  start: Date;
  end: Date;
  bucket?: string;
  prefix?: string;
  accountId?: string;
  /** The region whose digests are walked (the CLI's `--region`). */
  region: string;
  cloudTrail: CloudTrailClient;
  store: ObjectStore;
  signal?: AbortSignal;
}

export function publicKeyLoader(client: CloudTrailClient, signal?: AbortSignal) {
  return async (start: Date, end: Date): Promise<PublicKeyMap> => {
    // One call and no paging: the CLI reads only the first page.
    const response = await client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end }), {
      abortSignal: signal,
    });
    const keys: PublicKeyMap = new Map();
    for (const key of response.PublicKeyList ?? []) {
      if (key.Fingerprint && key.Value) keys.set(key.Fingerprint, key.Value);
    }
    return keys;
  };
}

/**
 * The organization ID comes from the bucket's own `AWSLogs/o-…/<account>/` folder rather than
 * Organizations' DescribeOrganization (which the CLI calls): it needs no Organizations permission
 * and names the same folder.
 */
async function organizationIdFromBucket(input: TargetInput, bucket: string, prefix: string | undefined) {
  const root = `${prefix ? `${prefix}/` : ""}AWSLogs/`;
  // The first key after `AWSLogs/o-` (S3 order) is inside the organization folder when there is one.
  for await (const key of input.store.listKeys(bucket, {
    prefix: root,
    startAfter: `${root}o-`,
    signal: input.signal,
  })) {
    const match = /AWSLogs\/(o-[a-z0-9]+)\//.exec(key);
    if (match) return match[1]!;
    break;
  }
  throw new ValidationAbort(`No organization folder (AWSLogs/o-…/) found in s3://${bucket}/${prefix ?? ""}`);
}

export async function resolveValidateOptions(input: TargetInput): Promise<ValidateOptions> {
  let bucket = input.bucket;
  let prefix = input.prefix;
  let organizationId: string | undefined;
  const arn = trailArnParts(input.trailArn);
  let accountId = input.accountId;
  if (bucket === undefined) {
    const { trailList = [] } = await input.cloudTrail.send(new DescribeTrailsCommand({}), {
      abortSignal: input.signal,
    });
    const trail = trailList.find((t) => t.TrailARN === input.trailArn);
    if (!trail?.S3BucketName) throw new ValidationAbort(`A trail could not be found for ${input.trailArn}`);
    bucket = trail.S3BucketName;
    prefix = trail.S3KeyPrefix;
    if (trail.IsOrganizationTrail) {
      if (!accountId) {
        throw new ValidationParamError("Missing required parameter for organization trail: '--account-id'");
      }
      organizationId = await organizationIdFromBucket(input, bucket, prefix);
    }
  }
  accountId ||= arn.accountId;
  return {
    trailArn: input.trailArn,
    start: input.start,
    end: input.end,
    bucket,
    prefix: prefix || undefined,
    accountId,
    organizationId,
    sourceRegion: input.region,
    store: input.store,
    loadPublicKeys: publicKeyLoader(input.cloudTrail, input.signal),
    signal: input.signal,
  };
}
