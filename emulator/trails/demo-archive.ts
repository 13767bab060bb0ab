import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { digestKey, logFileKey, type KeyScope } from "../../lib/trail-files/keys";
import { LocalObjectStore } from "../../lib/trail-files/local-store";
import { digestStringToSign, SIGNATURE_ALGORITHM, sha256Hex, signDigest } from "../../lib/integrity/signing";
import type { CloudTrailRecord } from "../record";
import type { EventStore } from "../store";
import { dataEventsForHour } from "./data-events";
import { CENTRAL_BUCKET, DEMO_ORGANIZATION, GAP_HOURS, ORG_TRAIL_HOME, ORG_TRAIL_NAME } from "./demo-trails";
import type { SigningKey } from "./signing-key";

/**
 * The organization trail's central bucket, written from the emulator's events into
 * `<dataDir>/archive/<bucket>/AWSLogs/<o-id>/<account>/…`: hourly log files for a week, and a signed
 * hourly digest chain for the last three days, with the logging stop of GAP_HOURS as a gap.
 */

const HOUR = 3_600_000;
export const LOG_DAYS = 7;
export const DIGEST_HOURS = 72;
const MAX_RECORDS_PER_FILE = 2_000;
/** Bump when the archive's content rules change, so a cached archive is rewritten. */
const FORMAT_VERSION = 3;
const MARKER_FILE = ".trailscope-archive.json";

export interface DemoArchiveInput {
  store: EventStore;
  now: Date;
  accounts: string[];
  regions: string[];
  key: SigningKey;
  archiveRoot: string;
}

export interface DemoArchiveResult {
  bucket: string;
  logFiles: number;
  digestFiles: number;
  /** False when an archive for the same inputs was already on disk. */
  written: boolean;
}

interface PlannedLog {
  key: string;
  deliveredAt: number;
  body: Buffer;
  hash: string;
  oldest: string;
  newest: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function recordsInWindow(store: EventStore, accountId: string, region: string, fromMs: number, toMs: number) {
  const events = store.events(accountId, region);
  // Newest first: binary search for the first event before `toMs`.
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.time < toMs) hi = mid;
    else lo = mid + 1;
  }
  const records: CloudTrailRecord[] = [];
  for (let i = lo; i < events.length && events[i]!.time >= fromMs; i++) {
    records.push(store.recordOf(events[i]!, accountId, region));
  }
  return records;
}

export async function writeDemoArchive(input: DemoArchiveInput): Promise<DemoArchiveResult> {
  const hourEnd = Math.floor(input.now.getTime() / HOUR) * HOUR;
  const gapStart = hourEnd - GAP_HOURS.stoppedHoursAgo * HOUR;
  const gapEnd = hourEnd - GAP_HOURS.restartedHoursAgo * HOUR;
  const inGap = (fromMs: number, toMs: number) => fromMs < gapEnd && toMs > gapStart;
  const scopes: KeyScope[] = input.accounts.flatMap((accountId) =>
    input.regions.map((region) => ({ organizationId: DEMO_ORGANIZATION.id, accountId, region })),
  );

  // Plan every log file first: the cache key covers exactly the records that would be written.
  const cacheHash = createHash("sha256").update(
    JSON.stringify({ FORMAT_VERSION, hourEnd, fp: input.key.fingerprint, scopes, bucket: CENTRAL_BUCKET }),
  );
  const plans = new Map<
    string,
    { scope: KeyScope; windowStart: number; deliveredAt: number; records: CloudTrailRecord[] }[]
  >();
  for (const scope of scopes) {
    const list: { scope: KeyScope; windowStart: number; deliveredAt: number; records: CloudTrailRecord[] }[] =
      [];
    for (let w = hourEnd - LOG_DAYS * 24 * HOUR; w < hourEnd; w += HOUR) {
      // Delivered about five minutes after the hour it covers.
      const deliveredAt = w + HOUR + (5 + ((w / HOUR + Number(scope.accountId.slice(-2))) % 5)) * 60_000;
      if (deliveredAt > hourEnd || inGap(w, deliveredAt)) continue;
      const records = [
        ...recordsInWindow(input.store, scope.accountId, scope.region, w, w + HOUR),
        ...dataEventsForHour(scope.accountId, scope.region, w),
      ]
        .sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0))
        .slice(0, MAX_RECORDS_PER_FILE);
      if (records.length === 0) continue;
      for (const r of records) cacheHash.update(`${r.eventID}@${r.eventTime}`);
      list.push({ scope, windowStart: w, deliveredAt, records });
    }
    plans.set(`${scope.accountId}/${scope.region}`, list);
  }
  const cacheKey = cacheHash.digest("hex");
  const bucketDir = path.join(input.archiveRoot, CENTRAL_BUCKET);
  const markerPath = path.join(input.archiveRoot, MARKER_FILE);
  const previous = await readFile(markerPath, "utf8").then(
    (text) => JSON.parse(text) as { cacheKey?: string; logFiles?: number; digestFiles?: number },
    () => undefined,
  );
  if (previous?.cacheKey === cacheKey) {
    return {
      bucket: CENTRAL_BUCKET,
      logFiles: previous.logFiles ?? 0,
      digestFiles: previous.digestFiles ?? 0,
      written: false,
    };
  }

  await rm(bucketDir, { recursive: true, force: true });
  await rm(markerPath, { force: true });
  const store = new LocalObjectStore(input.archiveRoot);
  const writes: { key: string; body: Buffer; metadata?: Record<string, string> }[] = [];
  let logFiles = 0;
  let digestFiles = 0;

  for (const scope of scopes) {
    const logs: PlannedLog[] = (plans.get(`${scope.accountId}/${scope.region}`) ?? []).map((plan) => {
      const text = Buffer.from(JSON.stringify({ Records: plan.records }));
      const unique = sha256Hex(`${scope.accountId}|${scope.region}|${plan.windowStart}`).slice(0, 16);
      return {
        key: logFileKey(scope, new Date(plan.deliveredAt), unique),
        deliveredAt: plan.deliveredAt,
        body: gzipSync(text),
        hash: sha256Hex(text),
        oldest: plan.records[0]!.eventTime,
        newest: plan.records[plan.records.length - 1]!.eventTime,
      };
    });
    for (const log of logs) writes.push({ key: log.key, body: log.body });
    logFiles += logs.length;

    let previous: { key: string; hash: string; signature: string } | undefined;
    for (let h = hourEnd - DIGEST_HOURS * HOUR; h < hourEnd; h += HOUR) {
      if (inGap(h, h + HOUR)) {
        previous = undefined; // logging stopped: the next digest starts a new chain
        continue;
      }
      const inHour = logs.filter((l) => l.deliveredAt >= h && l.deliveredAt < h + HOUR);
      const key = digestKey(scope, ORG_TRAIL_NAME, ORG_TRAIL_HOME, new Date(h + HOUR));
      const digest = {
        awsAccountId: scope.accountId,
        digestStartTime: iso(h),
        digestEndTime: iso(h + HOUR),
        digestS3Bucket: CENTRAL_BUCKET,
        digestS3Object: key,
        digestPublicKeyFingerprint: input.key.fingerprint,
        digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
        newestEventTime: inHour.length
          ? inHour
              .map((l) => l.newest)
              .sort()
              .pop()!
          : null,
        oldestEventTime: inHour.length ? inHour.map((l) => l.oldest).sort()[0]! : null,
        previousDigestS3Bucket: previous ? CENTRAL_BUCKET : null,
        previousDigestS3Object: previous?.key ?? null,
        previousDigestHashValue: previous?.hash ?? null,
        previousDigestHashAlgorithm: previous ? "SHA-256" : null,
        previousDigestSignature: previous?.signature ?? null,
        logFiles: inHour.map((l) => ({
          s3Bucket: CENTRAL_BUCKET,
          s3Object: l.key,
          hashValue: l.hash,
          hashAlgorithm: "SHA-256",
          newestEventTime: l.newest,
          oldestEventTime: l.oldest,
        })),
      };
      const inflated = Buffer.from(JSON.stringify(digest));
      const signature = signDigest(input.key.privateKey, digestStringToSign(digest, inflated));
      writes.push({
        key,
        body: gzipSync(inflated),
        metadata: { signature, "signature-algorithm": SIGNATURE_ALGORITHM },
      });
      digestFiles++;
      previous = { key, hash: sha256Hex(inflated), signature };
    }
  }

  await mkdir(bucketDir, { recursive: true });
  const BATCH = 64;
  for (let i = 0; i < writes.length; i += BATCH) {
    await Promise.all(
      writes.slice(i, i + BATCH).map((w) => store.putObject(CENTRAL_BUCKET, w.key, w.body, w.metadata)),
    );
  }
  await writeFile(
    markerPath,
    JSON.stringify({ cacheKey, logFiles, digestFiles, writtenAt: new Date().toISOString() }),
  );
  return { bucket: CENTRAL_BUCKET, logFiles, digestFiles, written: true };
}
