import "server-only";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { parseLogFileKey } from "../trail-files/keys";
import type { ListedObject, ObjectStore } from "../trail-files/object-store";
import { LATE_DELIVERY_MS } from "../trail-files/reader";
import type { AuditEvent } from "../events/audit-event";
import { normalizeRecord } from "../events/normalize";
import type { Interval } from "./coverage";
import { unstorableReason } from "./event-row";
import type { Store } from "./open-store";
import { importedFilesUnder, writeArchiveFiles, writeEvents, type ArchiveFileBatch } from "./write-events";

/**
 * The trail archive into the event store: every log file under `<prefix>AWSLogs/` (any account, region
 * and date, data events included), each file stored whole in one transaction with its `imported_files`
 * row, so an interrupted import resumes at the first file not yet committed and a re-run skips what it
 * already holds. Events dedupe against Event history on (account, eventId) inside writeEvents.
 *
 * Archive coverage, per (account, region) of the file keys: when every log file of the listing was
 * imported and none was unusable, the store holds every event the archive has from the first file's
 * delivery minute to the last one's minus LATE_DELIVERY_MS. An event at t is delivered in a file
 * stamped between t and t + LATE_DELIVERY_MS, so within those bounds its file was in the listing.
 */

const gunzipAsync = promisify(gunzip);

/** Files fetched and decoded at once while the previous ones are written. */
const DEFAULT_CONCURRENCY = 4;
/** A write commits once this many events (or files) are decoded: a transaction costs milliseconds. */
const BATCH_EVENTS = 20_000;
const BATCH_FILES = 500;
/** Problems listed by key; beyond it only counted. */
const MAX_PROBLEMS = 100;

export interface ArchiveTarget {
  store: ObjectStore;
  bucket: string;
  /** The trail's key prefix, without slashes at its ends; "" for none. */
  prefix: string;
}

export interface ImportProblem {
  key: string;
  /** What was wrong, e.g. "not gzip" or "3 records without an event ID". */
  reason: string;
}

export interface ArchiveCoverage {
  account: string;
  region: string;
  start: number;
  end: number;
}

export interface ImportProgress {
  state: "running" | "done" | "failed" | "cancelled";
  /** Log files found so far (the listing runs while files are imported). */
  filesListed: number;
  /** Read and stored by this run. */
  filesImported: number;
  /** Already imported by an earlier run (same key, ETag and size): not read again. */
  filesSkipped: number;
  /** Not gzip, not JSON, or without a Records array: not stored, listed in `problems`. */
  filesUnusable: number;
  /** Objects under AWSLogs/ that are not log files (digests, other files): not read. */
  otherObjects: number;
  eventsInserted: number;
  /** Already in the store: from Event history, an earlier import, or another copy of the file. */
  eventsAlreadyPresent: number;
  /** Records that are not objects or lack an event ID, account, region or valid time: not stored. */
  recordsUnusable: number;
  bytesRead: number;
  elapsedMs: number;
  /** Events read (inserted or already present) per second of this run. */
  eventsPerSecond: number;
  problems: ImportProblem[];
  /** Problems beyond the first MAX_PROBLEMS, counted only. */
  problemsOmitted: number;
  /** Set when done: the archive intervals recorded as covered by this run. */
  coverage: ArchiveCoverage[];
  error?: string;
}

export interface ImportOptions {
  signal?: AbortSignal;
  concurrency?: number;
  onProgress?(progress: ImportProgress): void;
  now?: () => number;
}

interface SourceSpan {
  account: string;
  region: string;
  first: number;
  last: number;
  clean: boolean;
}

type Decoded = { ok: true; events: AuditEvent[]; unusable: number } | { ok: false; reason: string };

/** A log file's content as events, or why it cannot be used; the key supplies account and region fallbacks. */
function decodeLogFile(text: string, accountId: string, region: string): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const records = (parsed as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) return { ok: false, reason: 'no "Records" array: not a CloudTrail log file' };
  const events: AuditEvent[] = [];
  let unusable = 0;
  for (const record of records) {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      unusable++;
      continue;
    }
    const event = normalizeRecord(record, { accountId, region });
    if (unstorableReason(event)) unusable++;
    else events.push(event);
  }
  return { ok: true, events, unusable };
}

export function emptyProgress(): ImportProgress {
  return {
    state: "running",
    filesListed: 0,
    filesImported: 0,
    filesSkipped: 0,
    filesUnusable: 0,
    otherObjects: 0,
    eventsInserted: 0,
    eventsAlreadyPresent: 0,
    recordsUnusable: 0,
    bytesRead: 0,
    elapsedMs: 0,
    eventsPerSecond: 0,
    problems: [],
    problemsOmitted: 0,
    coverage: [],
  };
}

/**
 * Imports every log file of the archive into the store. Never throws for the archive's content: a
 * failure (listing refused, store unusable, cancelled) ends in state `failed` or `cancelled` with the
 * files committed so far kept, and the next run continues from there.
 */
export async function importArchive(
  store: Store,
  target: ArchiveTarget,
  options: ImportOptions = {},
): Promise<ImportProgress> {
  const now = options.now ?? Date.now;
  const started = now();
  const progress = emptyProgress();
  const spans = new Map<string, SourceSpan>();
  const measure = () => {
    progress.elapsedMs = now() - started;
    const read = progress.eventsInserted + progress.eventsAlreadyPresent;
    progress.eventsPerSecond = progress.elapsedMs > 0 ? Math.round((read * 1000) / progress.elapsedMs) : 0;
  };
  const report = () => {
    if (!options.onProgress) return;
    measure();
    options.onProgress({ ...progress, problems: [...progress.problems] });
  };
  const problem = (key: string, reason: string) => {
    if (progress.problems.length < MAX_PROBLEMS) progress.problems.push({ key, reason });
    else progress.problemsOmitted++;
  };

  const root = `${target.prefix ? `${target.prefix}/` : ""}AWSLogs/`;
  const listing = target.store.listObjects(target.bucket, { prefix: root, signal: options.signal });
  // Some S3-compatible stores (s3rver) repeat keys across ListObjects pages: each file is read once.
  const listed = new Set<string>();
  /** The next log file of the listing; async generators queue concurrent calls, so workers share it. */
  const nextLogFile = async (): Promise<
    { object: ListedObject; account: string; region: string; span: SourceSpan } | undefined
  > => {
    for (;;) {
      const { value: object, done } = await listing.next();
      if (done) return undefined;
      if (listed.has(object.key)) continue;
      listed.add(object.key);
      const parsed = parseLogFileKey(object.key);
      if (!parsed) {
        progress.otherObjects++;
        continue;
      }
      progress.filesListed++;
      const id = `${parsed.accountId}/${parsed.region}`;
      const delivered = parsed.deliveredAt.getTime();
      let span = spans.get(id);
      if (!span) {
        span = {
          account: parsed.accountId,
          region: parsed.region,
          first: delivered,
          last: delivered,
          clean: true,
        };
        spans.set(id, span);
      }
      span.first = Math.min(span.first, delivered);
      span.last = Math.max(span.last, delivered);
      return { object, account: parsed.accountId, region: parsed.region, span };
    }
  };

  const imported = await importedFilesUnder(store, root);
  let batch: ArchiveFileBatch[] = [];
  let batchEvents = 0;
  const flush = async () => {
    const files = batch;
    batch = [];
    batchEvents = 0;
    if (files.length === 0) return;
    const written = await writeArchiveFiles(store, files);
    progress.filesImported += files.length;
    progress.eventsInserted += written.inserted;
    progress.eventsAlreadyPresent += written.alreadyPresent;
    report();
  };
  const unusable = (span: SourceSpan, key: string, reason: string) => {
    span.clean = false;
    progress.filesUnusable++;
    problem(key, reason);
    report();
  };

  let stopped = false;
  const worker = async () => {
    for (let file = await nextLogFile(); file && !stopped; file = await nextLogFile()) {
      options.signal?.throwIfAborted();
      const { object, account, region, span } = file;
      const done = imported.get(object.key);
      if (done && done.size === object.size && done.etag === object.etag) {
        progress.filesSkipped++;
        report();
        continue;
      }
      const fetched = await target.store.getObject(target.bucket, object.key, options.signal);
      // Deleted since it was listed: a gap in what this run read, so no coverage is claimed over it.
      if (!fetched) {
        unusable(span, object.key, "listed, then gone before it was read");
        continue;
      }
      progress.bytesRead += fetched.body.length;
      let text: string;
      try {
        text = (await gunzipAsync(fetched.body)).toString("utf8");
      } catch {
        unusable(span, object.key, "not a gzip file");
        continue;
      }
      const decoded = decodeLogFile(text, account, region);
      if (!decoded.ok) {
        unusable(span, object.key, decoded.reason);
        continue;
      }
      if (decoded.unusable > 0) {
        span.clean = false;
        progress.recordsUnusable += decoded.unusable;
        problem(
          object.key,
          `${decoded.unusable} record(s) without an event ID, account, region or valid event time (not stored)`,
        );
      }
      batch.push({ file: { key: object.key, etag: object.etag, size: object.size }, events: decoded.events });
      batchEvents += decoded.events.length;
      if (batchEvents >= BATCH_EVENTS || batch.length >= BATCH_FILES) await flush();
    }
  };

  try {
    const workers = Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, () =>
      worker().catch((error: unknown) => {
        // The first failure stops the others: the run ends and the next one resumes from the store.
        stopped = true;
        throw error;
      }),
    );
    // Every worker settles before the outcome is decided: none may still be writing when we answer.
    const outcomes = await Promise.allSettled(workers);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
    await flush();
    for (const span of spans.values()) {
      const interval: Interval = { start: span.first, end: span.last - LATE_DELIVERY_MS };
      if (!span.clean || interval.end < interval.start) continue;
      const source = { origin: "archive" as const, account: span.account, region: span.region };
      await writeEvents(store, [], { origin: "archive", coverage: { source, interval } });
      progress.coverage.push({ account: span.account, region: span.region, ...interval });
    }
    progress.state = "done";
  } catch (error) {
    progress.state = options.signal?.aborted ? "cancelled" : "failed";
    progress.error = error instanceof Error ? error.message : String(error);
  }
  measure();
  report();
  return progress;
}
