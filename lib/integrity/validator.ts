import { constants, gunzipSync } from "node:zlib";
import type { ObjectStore } from "../trail-files/object-store";
import { digestKeyDate, formatDisplayDate, formatKeyDate, parseCliDate, parseKeyDate } from "./cli-dates";
import { digestStringToSign, loadDerPublicKey, sha256Hex, verifyDigestSignature } from "./signing";

/**
 * The digest-chain walk of `aws cloudtrail validate-logs` (awscli customizations/cloudtrail/validation.py),
 * step for step, so that Trailscope reaches the CLI's verdict on the same bucket: the same files valid
 * or INVALID with the same reason, in the same order, with the same counts.
 */

export type DigestProblem =
  | "not found"
  | "invalid format"
  | "signature verification failed"
  | "moved"
  | "public key not found"
  | "key not loadable"
  | "error";

export type LogProblem = "not found" | "hash value doesn't match" | "invalid format";

export type ValidationEntry =
  | {
      type: "digest";
      valid: true;
      bucket: string;
      key: string;
      digestStartTime: string;
      digestEndTime: string;
      logFileCount: number;
      message: string;
    }
  | ({ type: "digest"; valid: false; bucket: string; key: string; message: string } & DigestFailure)
  | { type: "log"; valid: true; bucket: string; key: string; digestKey: string; message: string }
  | {
      type: "log";
      valid: false;
      bucket: string;
      key: string;
      digestKey: string;
      problem: LogProblem;
      message: string;
    }
  | { type: "gap"; from: string; to: string; message: string }
  /**
   * A check the AWS CLI does not make, reported beside its verdict and never counted in it: the newer
   * digest's `previousDigestHashValue` / `previousDigestSignature` do not describe the digest it links to.
   */
  | {
      type: "chain";
      bucket: string;
      key: string;
      linkedFrom: string;
      /** The newer digest's fields that do not describe this one. */
      mismatches: ChainMismatch[];
      message: string;
    };

export type ChainMismatch = "previousDigestHashValue" | "previousDigestSignature";

/** Why a digest is INVALID, with what the reason names, so a page can word it without parsing `message`. */
export type DigestFailure =
  | { problem: Exclude<DigestProblem, "public key not found" | "key not loadable" | "error"> }
  | { problem: "public key not found"; homeRegion: string; fingerprint: string }
  | { problem: "key not loadable"; fingerprint: string }
  | { problem: "error"; unparsableDate: string };

/** The words validate-logs' messages use, also shown by the integrity page. */
export function chainMismatchText(field: ChainMismatch): string {
  return field === "previousDigestHashValue"
    ? "previousDigestHashValue does not match its SHA-256"
    : "previousDigestSignature does not match its signature";
}

/** Why an entry is INVALID, in the words of validate-logs, from the entry's data. */
export function invalidReason(
  entry: Extract<ValidationEntry, { type: "digest" | "log"; valid: false }>,
): string {
  switch (entry.problem) {
    case "moved":
      return "has been moved from its original location";
    case "public key not found":
      return `public key not found in region ${entry.homeRegion} for fingerprint ${entry.fingerprint}`;
    case "key not loadable":
      return `Unable to load PKCS #1 key with fingerprint ${entry.fingerprint}`;
    case "error":
      return `Unable to parse date value: ${entry.unparsableDate}`;
    default:
      return entry.problem;
  }
}

/** Public keys by fingerprint; the value is `PublicKey.Value` as the SDK returns it (the DER bytes). */
export type PublicKeyMap = Map<string, Uint8Array>;

export interface ValidateOptions {
  trailArn: string;
  start: Date;
  end: Date;
  bucket: string;
  prefix?: string;
  /** The account whose files are validated (an organization trail's member account). */
  accountId: string;
  organizationId?: string;
  /** The region whose digests are walked: the CLI uses its own `--region`, not the trail's. */
  sourceRegion: string;
  store: ObjectStore;
  /** ListPublicKeys for the range (one call, as the CLI makes). */
  loadPublicKeys(start: Date, end: Date): Promise<PublicKeyMap>;
  signal?: AbortSignal;
}

/** A failure that ends the run, as the CLI's uncaught errors do (exit 255). */
export class ValidationAbort extends Error {
  override name = "ValidationAbort";
}

const TRAIL_ARN = /^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/;

export function isValidTrailArn(arn: string): boolean {
  return TRAIL_ARN.test(arn);
}

export function trailArnParts(arn: string): { region: string; accountId: string; name: string } {
  const parts = arn.split(":");
  return { region: parts[3] ?? "", accountId: parts[4] ?? "", name: arn.split("/").pop() ?? "" };
}

const REQUIRED_DIGEST_KEYS = [
  "digestPublicKeyFingerprint",
  "digestS3Bucket",
  "digestS3Object",
  "previousDigestSignature",
  "digestEndTime",
  "digestStartTime",
] as const;

type DigestData = Record<string, unknown>;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function digestScopeRoot(o: ValidateOptions, homeRegion: string, trailName: string) {
  const org = o.organizationId ? `${o.organizationId}/` : "";
  const head = `AWSLogs/${org}${o.accountId}/CloudTrail-Digest/${o.sourceRegion}/`;
  const file = `${o.accountId}_CloudTrail-Digest_${o.sourceRegion}_${trailName}_${homeRegion}_`;
  return { head, file };
}

/** The key the trail would have written a minute before the start: where the CLI's listing begins. */
function markerKey(o: ValidateOptions, homeRegion: string, trailName: string): string {
  const date = new Date(o.start.getTime() - 60_000);
  const { head, file } = digestScopeRoot(o, homeRegion, trailName);
  const ymd = formatDisplayDate(date).slice(0, 10).replaceAll("-", "/");
  const key = `${head}${ymd}/${file}${formatKeyDate(date)}.json.gz`;
  return o.prefix ? `${o.prefix}/${key}` : key;
}

function digestKeyPattern(o: ValidateOptions, homeRegion: string, trailName: string): RegExp {
  const org = o.organizationId ? `${o.organizationId}/` : "";
  const acct = escapeRegex(o.accountId);
  const src = escapeRegex(o.sourceRegion);
  const body =
    `AWSLogs/${org}${acct}/CloudTrail\\-Digest/${src}/\\d+/\\d+/\\d+/${acct}_CloudTrail\\-Digest_` +
    `${src}_${escapeRegex(trailName)}_${escapeRegex(homeRegion)}_.+\\.json\\.gz`;
  return new RegExp(`^${o.prefix ? `${escapeRegex(o.prefix)}/` : ""}${body}$`);
}

async function loadDigestKeys(
  o: ValidateOptions,
  bucket: string,
  homeRegion: string,
  trailName: string,
  end: Date,
) {
  const pattern = digestKeyPattern(o, homeRegion, trailName);
  const targetStart = formatKeyDate(o.start);
  // One hour past the end: a digest delivered just after the end still covers logs before it.
  const targetEnd = formatKeyDate(new Date(end.getTime() + 3_600_000));
  const keys: string[] = [];
  for await (const key of o.store.listKeys(bucket, {
    startAfter: markerKey(o, homeRegion, trailName),
    signal: o.signal,
  })) {
    if (!pattern.test(key)) continue;
    const date = digestKeyDate(key);
    if (date > targetEnd) break;
    if (date >= targetStart) keys.push(key);
  }
  return keys;
}

function keyDate(key: string): Date {
  const date = parseKeyDate(digestKeyDate(key));
  if (!date) throw new ValidationAbort(`Unable to parse date value: ${digestKeyDate(key)}`);
  return date;
}

/** Pops the newest key, or the newest one dated before `beforeKey`, from the ascending list. */
function lastDigest(digests: string[], beforeKey?: string): { key: string; date: Date } | undefined {
  if (beforeKey === undefined) {
    const key = digests.pop();
    return key === undefined ? undefined : { key, date: keyDate(key) };
  }
  const before = keyDate(beforeKey).getTime();
  while (digests.length > 0) {
    const key = digests.pop()!;
    const date = keyDate(key);
    if (date.getTime() < before) return { key, date };
  }
  return undefined;
}

function gunzipTolerant(body: Buffer): Buffer {
  // Python's streaming inflater accepts a truncated stream (the hash then differs); so does this.
  return gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH });
}

type DigestLoad =
  | { ok: true; digest: DigestData; signature: string; sha256: string }
  | ({ ok: false; message: string } & DigestFailure);

async function loadAndValidateDigest(
  o: ValidateOptions,
  publicKeys: PublicKeyMap,
  homeRegion: string,
  bucket: string,
  key: string,
): Promise<DigestLoad> {
  const where = `Digest file\ts3://${bucket}/${key}\tINVALID`;
  const object = await o.store.getObject(bucket, key, o.signal);
  if (!object) return { ok: false, problem: "not found", message: `${where}: not found` };
  let inflated: Buffer;
  let digest: DigestData;
  try {
    inflated = gunzipSync(object.body);
    const parsed: unknown = JSON.parse(inflated.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new SyntaxError("not an object");
    digest = parsed as DigestData;
  } catch {
    return { ok: false, problem: "invalid format", message: `${where}: invalid format` };
  }
  const signature = object.metadata["signature"];
  if (signature === undefined || object.metadata["signature-algorithm"] === undefined) {
    return {
      ok: false,
      problem: "signature verification failed",
      message: `${where}: signature verification failed`,
    };
  }
  if (REQUIRED_DIGEST_KEYS.some((k) => !(k in digest))) {
    return { ok: false, problem: "invalid format", message: `${where}: invalid format` };
  }
  if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key) {
    return { ok: false, problem: "moved", message: `${where}: has been moved from its original location` };
  }
  const fingerprint = String(digest.digestPublicKeyFingerprint);
  const keyValue = publicKeys.get(fingerprint);
  if (!keyValue) {
    return {
      ok: false,
      problem: "public key not found",
      homeRegion,
      fingerprint,
      message: `${where}: public key not found in region ${homeRegion} for fingerprint ${fingerprint}`,
    };
  }
  // The SDK has already decoded the blob's base64 (the CLI decodes the same text itself).
  const publicKey = loadDerPublicKey(Buffer.from(keyValue));
  if (!publicKey || !/^(?:[0-9a-fA-F]{2})*$/.test(signature)) {
    return {
      ok: false,
      problem: "key not loadable",
      fingerprint,
      message: `${where}: Unable to load PKCS #1 key with fingerprint ${fingerprint}`,
    };
  }
  const toSign = digestStringToSign(
    {
      digestEndTime: String(digest.digestEndTime),
      digestS3Bucket: String(digest.digestS3Bucket),
      digestS3Object: String(digest.digestS3Object),
      previousDigestSignature:
        digest.previousDigestSignature === null ? null : String(digest.previousDigestSignature),
    },
    inflated,
  );
  if (!verifyDigestSignature(publicKey, toSign, signature)) {
    return {
      ok: false,
      problem: "signature verification failed",
      message: `${where}: signature verification failed`,
    };
  }
  for (const field of ["digestEndTime", "digestStartTime"] as const) {
    if (!parseCliDate(String(digest[field]))) {
      return {
        ok: false,
        problem: "error",
        unparsableDate: String(digest[field]),
        message: `${where}: Unable to parse date value: ${String(digest[field])}`,
      };
    }
  }
  return { ok: true, digest, signature, sha256: sha256Hex(inflated) };
}

interface LogFileRef {
  s3Bucket?: unknown;
  s3Object?: unknown;
  hashValue?: unknown;
}

async function validateLogFile(
  o: ValidateOptions,
  log: LogFileRef,
  digestKey: string,
): Promise<ValidationEntry> {
  const bucket = String(log.s3Bucket);
  const key = String(log.s3Object);
  const where = `Log file\ts3://${bucket}/${key}`;
  if (typeof log.s3Bucket !== "string" || typeof log.s3Object !== "string" || !("hashValue" in log)) {
    return {
      type: "log",
      valid: false,
      bucket,
      key,
      digestKey,
      problem: "invalid format",
      message: `${where}\tINVALID: invalid format`,
    };
  }
  const object = await o.store.getObject(bucket, key, o.signal);
  if (!object) {
    return {
      type: "log",
      valid: false,
      bucket,
      key,
      digestKey,
      problem: "not found",
      message: `${where}\tINVALID: not found`,
    };
  }
  let hash: string;
  try {
    hash = sha256Hex(gunzipTolerant(object.body));
  } catch {
    return {
      type: "log",
      valid: false,
      bucket,
      key,
      digestKey,
      problem: "invalid format",
      message: `${where}\tINVALID: invalid format`,
    };
  }
  if (hash !== log.hashValue) {
    return {
      type: "log",
      valid: false,
      bucket,
      key,
      digestKey,
      problem: "hash value doesn't match",
      message: `${where}\tINVALID: hash value doesn't match`,
    };
  }
  return { type: "log", valid: true, bucket, key, digestKey, message: `${where}\tvalid` };
}

/**
 * Walks back from the newest digest at or before the end (plus an hour) along `previousDigest*`
 * links. A broken link (a missing or invalid digest) resumes at the next older digest in the listing;
 * a chain start with older digests still listed is a gap in delivery.
 */
export async function* traverseDigests(o: ValidateOptions): AsyncGenerator<ValidationEntry> {
  const { region: homeRegion, name: trailName } = trailArnParts(o.trailArn);
  let bucket = o.bucket;
  let digests = await loadDigestKeys(o, bucket, homeRegion, trailName, o.end);
  const publicKeys = await o.loadPublicKeys(o.start, o.end);
  if (publicKeys.size === 0) {
    throw new ValidationAbort(
      `No public keys found between ${formatDisplayDate(o.start)} and ${formatDisplayDate(o.end)}`,
    );
  }
  let current = lastDigest(digests);
  let key = current?.key;
  let endDate = current?.date;
  let lastStart = endDate;
  /** What the newer digest says about the one its link points to. */
  let link: { key: string; from: string; hash: string; signature: string } | undefined;
  while (key && lastStart && o.start.getTime() <= lastStart.getTime()) {
    o.signal?.throwIfAborted();
    const loaded = await loadAndValidateDigest(o, publicKeys, homeRegion, bucket, key);
    if (!loaded.ok) {
      const next = lastDigest(digests, key);
      const { ok: _ok, ...failure } = loaded;
      yield { type: "digest", valid: false, bucket, key, ...failure };
      key = next?.key;
      endDate = next?.date;
      continue;
    }
    const digest = loaded.digest;
    if (link && link.key === key) {
      const mismatches: ChainMismatch[] = [
        ...(link.hash !== loaded.sha256 ? (["previousDigestHashValue"] as const) : []),
        ...(link.signature !== loaded.signature ? (["previousDigestSignature"] as const) : []),
      ];
      if (mismatches.length > 0) {
        yield {
          type: "chain",
          bucket,
          key,
          linkedFrom: link.from,
          mismatches,
          message: `Digest file\ts3://${bucket}/${key}\tchain link from ${link.from}: ${mismatches.map(chainMismatchText).join("; ")}`,
        };
      }
    }
    link = undefined;
    lastStart = parseCliDate(String(digest.digestStartTime))!;
    endDate = parseCliDate(String(digest.digestEndTime))!;
    const logFiles = Array.isArray(digest.logFiles) ? (digest.logFiles as LogFileRef[]) : [];
    yield {
      type: "digest",
      valid: true,
      bucket,
      key,
      digestStartTime: String(digest.digestStartTime),
      digestEndTime: String(digest.digestEndTime),
      logFileCount: logFiles.length,
      message: `Digest file\ts3://${String(digest.digestS3Bucket)}/${String(digest.digestS3Object)}\tvalid`,
    };
    for (const log of logFiles) {
      yield await validateLogFile(o, typeof log === "object" && log !== null ? log : {}, key);
    }
    const previousBucket = digest.previousDigestS3Bucket;
    if (previousBucket === undefined || previousBucket === null) {
      current = lastDigest(digests, key);
      if (current) {
        const from = formatDisplayDate(current.date);
        const to = formatDisplayDate(lastStart);
        yield {
          type: "gap",
          from: current.date.toISOString(),
          to: lastStart.toISOString(),
          message: `No log files were delivered by CloudTrail between ${from} and ${to}`,
        };
      }
      key = current?.key;
      endDate = current?.date;
    } else {
      const from = key;
      key = typeof digest.previousDigestS3Object === "string" ? digest.previousDigestS3Object : undefined;
      link = key
        ? {
            key,
            from,
            hash: String(digest.previousDigestHashValue),
            signature: String(digest.previousDigestSignature),
          }
        : undefined;
      if (previousBucket !== bucket) {
        bucket = String(previousBucket);
        digests = await loadDigestKeys(o, bucket, homeRegion, trailName, endDate);
      }
    }
  }
}
