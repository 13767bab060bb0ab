import { gunzipSync, gzipSync } from "node:zlib";
import type { LocalObjectStore } from "../trail-files/local-store";

/**
 * Damages a local trail archive on purpose so that every finding of the validator shows at least
 * once: an altered, a deleted and a corrupted log file; a deleted, an altered, a moved, a re-keyed and
 * a corrupted digest file. Works on the newest digests of one account and region of one trail.
 */

export type TamperKind =
  | "log-altered"
  | "log-deleted"
  | "log-corrupted"
  | "digest-deleted"
  | "digest-altered"
  | "digest-moved"
  | "digest-unknown-key"
  | "digest-corrupted";

export interface TamperAction {
  kind: TamperKind;
  key: string;
  /** For a move: where the file went. */
  newKey?: string;
  /** What the validator (and `aws cloudtrail validate-logs`) reports for it. */
  expect: string;
}

export interface TamperOptions {
  store: LocalObjectStore;
  bucket: string;
  /** The folder holding the digests: `[prefix/]AWSLogs/[o-id/]<account>/CloudTrail-Digest/<region>/`. */
  digestFolder: string;
}

interface DigestJson {
  logFiles?: { s3Object?: string }[];
  [key: string]: unknown;
}

/** Newest first; digests are spaced so that each damaged digest sits between intact ones. */
const DIGEST_DAMAGE: { index: number; kind: TamperKind }[] = [
  { index: 3, kind: "digest-deleted" },
  { index: 5, kind: "digest-altered" },
  { index: 7, kind: "digest-moved" },
  { index: 9, kind: "digest-unknown-key" },
  { index: 11, kind: "digest-corrupted" },
];
const LOG_DAMAGE: TamperKind[] = ["log-altered", "log-deleted", "log-corrupted"];

async function readDigest(store: LocalObjectStore, bucket: string, key: string) {
  const object = await store.getObject(bucket, key);
  if (!object) throw new Error(`digest ${key} disappeared while tampering`);
  return {
    json: JSON.parse(gunzipSync(object.body).toString("utf8")) as DigestJson,
    metadata: object.metadata,
  };
}

/** The same name with the timestamp half an hour earlier: still a digest key of the trail, in the listing. */
function earlierKey(key: string): string {
  const stamp = key.slice(-24, -8);
  const date = new Date(
    Date.UTC(
      +stamp.slice(0, 4),
      +stamp.slice(4, 6) - 1,
      +stamp.slice(6, 8),
      +stamp.slice(9, 11),
      +stamp.slice(11, 13),
    ),
  );
  const moved = new Date(date.getTime() - 30 * 60_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `${key.slice(0, -24)}${moved}${key.slice(-8)}`;
}

export async function tamperArchive(options: TamperOptions): Promise<TamperAction[]> {
  const { store, bucket } = options;
  const digests: string[] = [];
  for await (const key of store.listKeys(bucket, { prefix: options.digestFolder })) {
    if (key.endsWith(".json.gz")) digests.push(key);
  }
  digests.sort((a, b) => (a.slice(-24) < b.slice(-24) ? 1 : -1));
  const lastIndex = Math.max(...DIGEST_DAMAGE.map((d) => d.index));
  if (digests.length <= lastIndex + 1) {
    throw new Error(
      `need at least ${lastIndex + 2} digest files under ${options.digestFolder}, found ${digests.length}`,
    );
  }
  const actions: TamperAction[] = [];

  // Log files of digests that stay valid: the validator only reads logs listed by a valid digest.
  const damagedIndexes = new Set(DIGEST_DAMAGE.map((d) => d.index));
  const logKinds = [...LOG_DAMAGE];
  for (let i = 0; i <= lastIndex && logKinds.length > 0; i++) {
    if (damagedIndexes.has(i)) continue;
    const { json } = await readDigest(store, bucket, digests[i]!);
    const logKey = json.logFiles?.[0]?.s3Object;
    if (!logKey) continue;
    const kind = logKinds.shift()!;
    const log = await store.getObject(bucket, logKey);
    if (!log) continue;
    if (kind === "log-altered") {
      const text = gunzipSync(log.body)
        .toString("utf8")
        .replace(/"eventName":"([^"]+)"/, '"eventName":"$1Tampered"');
      await store.putObject(bucket, logKey, gzipSync(text), log.metadata);
      actions.push({ kind, key: logKey, expect: "INVALID: hash value doesn't match" });
    } else if (kind === "log-deleted") {
      await store.deleteObject(bucket, logKey);
      actions.push({ kind, key: logKey, expect: "INVALID: not found" });
    } else {
      await store.putObject(bucket, logKey, Buffer.from("this is not a gzip file\n"), log.metadata);
      actions.push({ kind, key: logKey, expect: "INVALID: invalid format" });
    }
  }

  for (const { index, kind } of DIGEST_DAMAGE) {
    const key = digests[index]!;
    if (kind === "digest-deleted") {
      await store.deleteObject(bucket, key);
      actions.push({ kind, key, expect: "INVALID: not found" });
      continue;
    }
    if (kind === "digest-moved") {
      const newKey = earlierKey(key);
      await store.moveObject(bucket, key, newKey);
      actions.push({
        kind,
        key,
        newKey,
        expect:
          "INVALID: not found (at the old key), INVALID: has been moved from its original location (at the new key)",
      });
      continue;
    }
    const { json, metadata } = await readDigest(store, bucket, key);
    if (kind === "digest-altered") {
      // Hiding a log file from the chain: exactly what the signature exists to catch.
      json.logFiles = (json.logFiles ?? []).slice(1);
      json.newestEventTime = json.oldestEventTime ?? null;
      await store.putObject(bucket, key, gzipSync(JSON.stringify(json)), metadata);
      actions.push({ kind, key, expect: "INVALID: signature verification failed" });
    } else if (kind === "digest-unknown-key") {
      json.digestPublicKeyFingerprint = "00000000000000000000000000000000";
      await store.putObject(bucket, key, gzipSync(JSON.stringify(json)), metadata);
      actions.push({ kind, key, expect: "INVALID: public key not found in region … for fingerprint 0000…" });
    } else {
      await store.putObject(bucket, key, Buffer.from("{ not gzip, not json"), metadata);
      actions.push({ kind, key, expect: "INVALID: invalid format" });
    }
  }
  return actions;
}
