import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { DescribeTrailsCommand, type Trail } from "@aws-sdk/client-cloudtrail";
import type { Account } from "../../aws/account";
import { accountRegions, getAccounts } from "../../accounts/registry";
import { archiveLocationFor, archiveStoreFor } from "./archive-location";
import { listArchiveAccounts, type ArchiveLocation } from "../../trail-files/reader";
import { ArchiveAccessError, type ObjectStore } from "../../trail-files/object-store";
import { cloudTrailClient } from "../../aws/clients";
import { toSourceError } from "../../aws/errors";
import { getSettings } from "../../config";
import type { SourceStatus } from "../../events/api-contract";
import { ConfigError, InputError, UpstreamError } from "../../events/errors";
import { MINUTE } from "../../shared/time";

/**
 * Which trail archive the Events page and the investigation read when `source=archive`: the bucket
 * (and prefix) the URL names, else the demo emulator's archive folder, else the bucket of the first
 * configured account's trail (an organization trail first: its bucket holds every member account).
 */

export interface ArchiveAccountView {
  accountId: string;
  /** The configured account's name, or the ID when the archive holds an account Trailscope does not read. */
  name: string;
  organizationId: string | null;
}

export interface OpenArchive {
  bucket: string;
  prefix: string | undefined;
  location: ArchiveLocation;
  store: ObjectStore;
  /** Where the files are, for people: `s3://bucket/prefix` or the local folder. */
  description: string;
  accounts: ArchiveAccountView[];
}

async function demoBucket(): Promise<string> {
  const root = path.resolve(/*turbopackIgnore: true*/ getSettings().dataDir, "archive");
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const buckets = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name);
  const bucket = buckets.sort()[0];
  if (!bucket) {
    throw new ConfigError(
      `No demo trail archive in ${root}: start Trailscope with npm start, which writes it, or set TRAILSCOPE_DATA_DIR.`,
    );
  }
  return bucket;
}

function preferred(trails: Trail[]): Trail | undefined {
  const withBucket = trails.filter((t) => t.S3BucketName);
  return (
    withBucket.find((t) => t.IsOrganizationTrail) ??
    withBucket.find((t) => t.IsMultiRegionTrail) ??
    withBucket[0]
  );
}

async function trailBucket(account: Account, region: string) {
  try {
    const { trailList = [] } = await cloudTrailClient(account, region).send(
      new DescribeTrailsCommand({ includeShadowTrails: true }),
    );
    const trail = preferred(trailList);
    if (!trail?.S3BucketName) {
      throw new UpstreamError({
        code: "NoTrail",
        message: `${account.name} (${account.id}) has no trail that delivers to S3 in ${region}.`,
        hint: "Create a trail, or name the bucket that holds the log files with bucket= (and prefix=).",
      });
    }
    return { bucket: trail.S3BucketName, prefix: trail.S3KeyPrefix || undefined };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(toSourceError(error, { source: getSettings().source, account, region }));
  }
}

/** One status per archive account: the archive is read by account, its folders covering the regions. */
export function pendingArchiveStatuses(
  accounts: ArchiveAccountView[],
  regions: string[] | undefined,
): SourceStatus[] {
  return accounts.map((a) => ({
    accountId: a.accountId,
    accountName: a.name,
    region: regions ? regions.join(", ") : "all regions",
    state: "pending",
    pages: 0,
    events: 0,
  }));
}

export function archiveErrorHint(code: string): string {
  if (code === "NoSuchBucket") return "Check the bucket name (bucket=) and its region.";
  if (code === "AccessDenied" || code === "AccessDeniedException")
    return "The credentials need s3:ListBucket and s3:GetObject on the trail bucket (and kms:Decrypt for SSE-KMS).";
  return "Check the bucket, its prefix and the S3 endpoint settings (AWS_ENDPOINT_URL_S3), then retry.";
}

const TRAIL_BUCKETS_TTL_MS = 5 * MINUTE;
let trailBuckets: { at: number; buckets: Promise<Set<string>> } | undefined;

/** The buckets every configured account's trails deliver to, as DescribeTrails sees them in its regions. */
async function configuredTrailBuckets(accounts: Account[]): Promise<Set<string>> {
  if (trailBuckets && Date.now() - trailBuckets.at < TRAIL_BUCKETS_TTL_MS) return trailBuckets.buckets;
  const buckets = Promise.all(
    accounts.flatMap((account) =>
      accountRegions(account).map(async (region) => {
        try {
          const { trailList = [] } = await cloudTrailClient(account, region).send(
            new DescribeTrailsCommand({ includeShadowTrails: true }),
          );
          return trailList.flatMap((t) => (t.S3BucketName ? [t.S3BucketName] : []));
        } catch {
          // An account that cannot be asked vouches for no bucket; TRAILSCOPE_ARCHIVE_BUCKETS can.
          return [];
        }
      }),
    ),
  ).then((lists) => new Set(lists.flat()));
  trailBuckets = { at: Date.now(), buckets };
  return buckets;
}

/**
 * With the aws source the server signs requests with the accounts' credentials and shows what it
 * reads: a crafted link must not point it at someone else's bucket.
 */
async function checkBucketAllowed(bucket: string, accounts: Account[]): Promise<void> {
  const listed = getSettings().archiveBuckets;
  if (listed.includes(bucket)) return;
  const trails = await configuredTrailBuckets(accounts);
  if (trails.has(bucket)) return;
  const known = [...new Set([...trails, ...listed])].sort().join(", ") || "none found";
  throw new InputError([
    {
      param: "bucket",
      message: `is neither the bucket of a configured account's trail nor listed in TRAILSCOPE_ARCHIVE_BUCKETS (allowed: ${known}); add it there to read it`,
    },
  ]);
}

/** The archive to read and the accounts found in it (`AWSLogs/<account>/`, `AWSLogs/<o-id>/<account>/`). */
export async function openArchive(params: { bucket?: string; prefix?: string }): Promise<OpenArchive> {
  const settings = getSettings();
  const configured = await getAccounts();
  const reader = configured[0];
  if (!reader) throw new ConfigError("No account is configured.");
  const region = accountRegions(reader)[0] ?? "us-east-1";
  if (params.bucket && settings.source === "aws") await checkBucketAllowed(params.bucket, configured);
  const named = params.bucket
    ? { bucket: params.bucket, prefix: params.prefix }
    : settings.source === "demo"
      ? { bucket: await demoBucket(), prefix: params.prefix }
      : await trailBucket(reader, region);
  const location = archiveLocationFor(named.bucket, named.prefix);
  const store = archiveStoreFor(reader, region);
  const folder = named.prefix ? `${named.prefix.replace(/\/+$/, "")}/` : "";
  // Shown to the browser: the local archive by its bucket's name, never by its absolute folder.
  const description =
    location.kind === "local"
      ? `${named.bucket}/${folder} (the demo archive)`
      : `s3://${named.bucket}/${folder}`;
  let found;
  try {
    found = await listArchiveAccounts(location, store);
  } catch (error) {
    const code = error instanceof ArchiveAccessError ? error.code : "ArchiveUnreadable";
    if (code === "NoSuchBucket" && params.bucket) {
      throw new InputError([{ param: "bucket", message: `${params.bucket} does not exist` }]);
    }
    const message =
      code === "NoSuchBucket"
        ? `The bucket ${named.bucket} does not exist`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new UpstreamError({
      code,
      message: `Cannot list the trail archive ${description}: ${message}`,
      hint: archiveErrorHint(code),
    });
  }
  if (found.length === 0 && named.prefix) {
    throw new InputError([
      {
        param: "prefix",
        message: `${named.prefix} holds no CloudTrail log files (no AWSLogs/ folder under it)`,
      },
    ]);
  }
  const names = new Map(configured.map((a) => [a.id, a.name]));
  return {
    ...named,
    location,
    store,
    description,
    // An account can deliver both to AWSLogs/<account>/ and, through an organization trail, to AWSLogs/<o-id>/<account>/.
    accounts: [...new Map(found.map((a) => [a.accountId, a])).values()].map((a) => ({
      accountId: a.accountId,
      name: names.get(a.accountId) ?? a.accountId,
      organizationId: a.organizationId ?? null,
    })),
  };
}
