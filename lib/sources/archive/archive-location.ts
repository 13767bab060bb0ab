import "server-only";
import path from "node:path";
import type { Account } from "../../aws/account";
import { credentialProviderFor } from "../../aws/credentials";
import { getSettings } from "../../config";
import { LocalObjectStore } from "../../trail-files/local-store";
import type { ObjectStore } from "../../trail-files/object-store";
import type { ArchiveLocation } from "../../trail-files/reader";
import { createS3Client, S3ObjectStore } from "../../trail-files/s3-store";

/**
 * Where the app reads a trail's files: with the demo source, the emulator's local archive
 * (`<TRAILSCOPE_DATA_DIR>/archive/<bucket>`); with the aws source, the bucket itself through the
 * account's credentials (the SDK's endpoint settings, AWS_ENDPOINT_URL_S3 included, apply).
 */

const stores = new Map<string, ObjectStore>();

export function archiveStoreFor(account: Account, region: string): ObjectStore {
  const settings = getSettings();
  const key = settings.source === "demo" ? `demo|${settings.dataDir}` : `aws|${account.id}|${region}`;
  let store = stores.get(key);
  if (!store) {
    store =
      settings.source === "demo"
        ? new LocalObjectStore(path.resolve(/*turbopackIgnore: true*/ settings.dataDir, "archive"))
        : new S3ObjectStore(createS3Client({ region, credentials: credentialProviderFor(account, region) }));
    stores.set(key, store);
  }
  return store;
}

/** The archive location of a trail's bucket (and key prefix), for `readArchiveEvents`. */
export function archiveLocationFor(bucket: string, prefix?: string | null): ArchiveLocation {
  const settings = getSettings();
  if (settings.source === "demo")
    return {
      kind: "local",
      dir: path.resolve(/*turbopackIgnore: true*/ settings.dataDir, "archive", bucket),
      prefix: prefix ?? undefined,
    };
  return { kind: "s3", bucket, prefix: prefix ?? undefined };
}
