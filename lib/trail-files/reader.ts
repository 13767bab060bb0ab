import path from "node:path";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import type { AuditEvent } from "../events/audit-event";
import { normalizeRecord } from "../events/normalize";
import { HOUR, MINUTE } from "../shared/time";
import { accountRoot, parseLogFileKey } from "./keys";
import { LocalObjectStore } from "./local-store";
import type { ObjectStore } from "./object-store";

/**
 * Reads a trail's log files (layout: docs/aws-reference.md §4.1) from an S3 bucket or a local folder with the same
 * layout: walks the year, month and day folders that exist and meet the window, fetches the files in
 * parallel with a bound, gunzips them and yields each file's events as soon as it is read. Data events
 * (S3 object calls, Lambda Invoke) and anything older than Event history's 90 days are only found here.
 * A budget caps the files and events of one request, so no window can make the reader work unboundedly.
 */

const gunzipAsync = promisify(gunzip);

export type ArchiveLocation =
  | {
      kind: "local";
      /** The bucket's folder: it holds `AWSLogs/` (or the prefix). */
      dir: string;
      prefix?: string;
    }
  | { kind: "s3"; bucket: string; prefix?: string };

export interface ArchiveAccount {
  accountId: string;
  /** Set for an organization trail's `AWSLogs/<o-id>/<account>/`. */
  organizationId?: string;
}

export interface ArchiveProgress {
  filesListed: number;
  filesRead: number;
  bytesRead: number;
  /** Files that could not be read (damaged, not gzip, not JSON): skipped, counted here. */
  filesSkipped: number;
}

export interface ReadArchiveOptions {
  location: ArchiveLocation;
  /** Required for `s3` locations (it carries the account's credentials and endpoint); a local folder needs none. */
  store?: ObjectStore;
  accounts?: string[];
  regions?: string[];
  start: Date;
  end: Date;
  signal?: AbortSignal;
  onProgress?(progress: ArchiveProgress): void;
  /**
   * Called for each file read that held what cannot be shown: the number of unusable records (not an
   * object, no eventID or eventTime), or "unreadable" for a file that is not gzip'd JSON with Records.
   */
  onUnusable?(fileKey: string, unusable: number | "unreadable"): void;
  /** Files fetched at once (default 8). */
  concurrency?: number;
  /** Shared by every read of one request; when spent, reading stops and `budget.exhausted` says why. */
  budget?: ArchiveBudget;
}

/** The work one request may do in an archive: a URL can name any window over any bucket. */
export interface ArchiveBudget {
  maxFiles: number;
  maxEvents: number;
  files: number;
  events: number;
  /** Set once a limit is reached: what to tell the user. */
  exhausted: string | undefined;
}

export const DEFAULT_MAX_FILES = 20_000;
export const DEFAULT_MAX_EVENTS = 500_000;

export function archiveBudget(limits: { maxFiles?: number; maxEvents?: number } = {}): ArchiveBudget {
  return {
    maxFiles: limits.maxFiles ?? DEFAULT_MAX_FILES,
    maxEvents: limits.maxEvents ?? DEFAULT_MAX_EVENTS,
    files: 0,
    events: 0,
    exhausted: undefined,
  };
}

/**
 * How much later than an event its log file may be delivered. CloudTrail delivers within about 15
 * minutes; a trail that writes one file per hour (the demo archive does) delivers the first events of
 * the hour about 70 minutes later.
 */
export const LATE_DELIVERY_MS = 2 * HOUR;

export interface LogFile {
  key: string;
  /** Epoch milliseconds of the delivery minute in the file name. */
  deliveredAt: number;
}

interface Target {
  store: ObjectStore;
  bucket: string;
  prefix: string;
}

function resolveTarget(location: ArchiveLocation, store: ObjectStore | undefined): Target {
  const trimmed = location.prefix?.replace(/^\/+|\/+$/g, "") ?? "";
  const prefix = trimmed ? `${trimmed}/` : "";
  if (location.kind === "local") {
    const dir = path.resolve(location.dir);
    return { store: store ?? new LocalObjectStore(path.dirname(dir)), bucket: path.basename(dir), prefix };
  }
  if (!store) throw new Error("an S3 archive location needs an S3 object store");
  return { store, bucket: location.bucket, prefix };
}

/** Accounts found under `AWSLogs/<account>/` and `AWSLogs/<o-id>/<account>/`. */
export async function listArchiveAccounts(
  location: ArchiveLocation,
  store?: ObjectStore,
  signal?: AbortSignal,
) {
  const target = resolveTarget(location, store);
  const root = `${target.prefix}AWSLogs/`;
  const found: ArchiveAccount[] = [];
  for (const folder of await target.store.listFolders(target.bucket, root, signal)) {
    const name = folder.slice(root.length, -1);
    if (/^\d{12}$/.test(name)) found.push({ accountId: name });
    else if (/^o-[a-z0-9]+$/.test(name)) {
      for (const inner of await target.store.listFolders(target.bucket, folder, signal)) {
        const accountId = inner.slice(folder.length, -1);
        if (/^\d{12}$/.test(accountId)) found.push({ accountId, organizationId: name });
      }
    }
  }
  return found.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

async function listRegions(target: Target, account: ArchiveAccount, signal?: AbortSignal): Promise<string[]> {
  const base = `${trailRoot(target, account)}CloudTrail/`;
  const folders = await target.store.listFolders(target.bucket, base, signal);
  return folders.map((f) => f.slice(base.length, -1));
}

function trailRoot(target: Target, account: ArchiveAccount): string {
  return `${accountRoot({ prefix: target.prefix.replace(/\/$/, "") || undefined, ...account })}/`;
}

/** Child folders named by a number (`2026/`, `11/`), newest first, with the time span each covers. */
async function datedFolders(
  target: Target,
  parent: string,
  span: (n: number) => [number, number],
  window: [number, number],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  signal?.throwIfAborted();
  const folders = await target.store.listFolders(target.bucket, parent, signal);
  return folders
    .filter((folder) => {
      const name = folder.slice(parent.length, -1);
      if (!/^\d{1,4}$/.test(name)) return false;
      const [from, to] = span(Number(name));
      return from <= window[1] && to > window[0];
    })
    .sort()
    .reverse();
}

/**
 * The day folders of one region that exist and meet the window, newest first: the cost is the folders
 * found, never the days of the window (a window of years over a young trail lists a handful).
 */
async function* dayFolders(
  target: Target,
  regionRoot: string,
  window: [number, number],
  signal: AbortSignal | undefined,
): AsyncGenerator<string> {
  for (const year of await datedFolders(
    target,
    regionRoot,
    (y) => [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)],
    window,
    signal,
  )) {
    const y = Number(year.slice(regionRoot.length, -1));
    for (const month of await datedFolders(
      target,
      year,
      (m) => [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)],
      window,
      signal,
    )) {
      const m = Number(month.slice(year.length, -1));
      yield* await datedFolders(
        target,
        month,
        (d) => [Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1)],
        window,
        signal,
      );
    }
  }
}

/**
 * A log file is delivered about 5 (at most ~15) minutes after its newest event: files delivered from
 * the start to an hour past the end can hold events of the range.
 */
function deliveryWindow(start: Date, end: Date): [number, number] {
  return [start.getTime() - MINUTE, end.getTime() + HOUR];
}

async function listTargetFiles(
  target: Target,
  accounts: ArchiveAccount[],
  regions: string[] | undefined,
  o: ReadArchiveOptions,
  budget: ArchiveBudget,
): Promise<LogFile[]> {
  const window = deliveryWindow(o.start, o.end);
  const files: LogFile[] = [];
  for (const account of accounts) {
    const accountRegions = regions ?? (await listRegions(target, account, o.signal));
    for (const region of accountRegions) {
      for await (const day of dayFolders(
        target,
        `${trailRoot(target, account)}CloudTrail/${region}/`,
        window,
        o.signal,
      )) {
        for await (const key of target.store.listKeys(target.bucket, { prefix: day, signal: o.signal })) {
          const parsed = parseLogFileKey(key);
          if (!parsed) continue;
          const deliveredAt = parsed.deliveredAt.getTime();
          if (deliveredAt < window[0] || deliveredAt > window[1]) continue;
          if (budget.files >= budget.maxFiles) {
            budget.exhausted ??= `the window holds more than ${budget.maxFiles} log files: narrow the time range, accounts or regions`;
            return files;
          }
          budget.files++;
          files.push({ key, deliveredAt });
        }
      }
    }
  }
  return files;
}

async function selectedAccounts(target: Target, options: ReadArchiveOptions) {
  const all = await listArchiveAccounts(options.location, target.store, options.signal);
  return options.accounts ? all.filter((a) => options.accounts!.includes(a.accountId)) : all;
}

/** The log files that can hold events of the window, newest day first, within the budget. */
export async function listLogFiles(options: ReadArchiveOptions): Promise<LogFile[]> {
  const target = resolveTarget(options.location, options.store);
  const accounts = await selectedAccounts(target, options);
  return listTargetFiles(target, accounts, options.regions, options, options.budget ?? archiveBudget());
}

/** Whether a file delivered at `deliveredAt` can hold events of the window. */
export function mayHoldEvents(file: LogFile, start: Date, end: Date): boolean {
  const [from, to] = deliveryWindow(start, end);
  return file.deliveredAt >= from && file.deliveredAt <= to;
}

function isUsable(record: unknown): record is { eventID: string; eventTime: string } {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return false;
  const { eventID, eventTime } = record as Record<string, unknown>;
  return (
    typeof eventID === "string" &&
    eventID !== "" &&
    typeof eventTime === "string" &&
    !Number.isNaN(Date.parse(eventTime))
  );
}

function eventsOf(text: string, key: string, startMs: number, endMs: number) {
  const parsed = JSON.parse(text) as { Records?: unknown };
  if (!Array.isArray(parsed.Records)) throw new SyntaxError("no Records array");
  // Records of eventVersion 1.0x have no recipientAccountId: the file's folder names the account.
  const accountId = parseLogFileKey(key)?.accountId;
  const events: AuditEvent[] = [];
  let unusable = 0;
  for (const record of parsed.Records) {
    if (!isUsable(record)) {
      unusable++;
      continue;
    }
    const time = Date.parse(record.eventTime);
    if (time >= startMs && time <= endMs) events.push(normalizeRecord(record, { accountId }));
  }
  return { events, unusable };
}

export async function* readArchiveEvents(options: ReadArchiveOptions): AsyncGenerator<AuditEvent[]> {
  const budget = options.budget ?? archiveBudget();
  const files = await listLogFiles({ ...options, budget });
  yield* readLogFiles(files, { ...options, budget });
}

/** Reads the given files (from `listLogFiles`), yielding the events of the window file by file. */
export async function* readLogFiles(
  files: LogFile[],
  options: ReadArchiveOptions,
): AsyncGenerator<AuditEvent[]> {
  const target = resolveTarget(options.location, options.store);
  const budget = options.budget ?? archiveBudget();
  const keys = files.map((f) => f.key);
  const progress: ArchiveProgress = { filesListed: keys.length, filesRead: 0, bytesRead: 0, filesSkipped: 0 };
  options.onProgress?.({ ...progress });

  const startMs = options.start.getTime();
  const endMs = options.end.getTime();
  const limit = Math.max(1, options.concurrency ?? 8);
  const inFlight = new Map<number, Promise<{ id: number; events: AuditEvent[] }>>();
  let nextIndex = 0;
  const launch = () => {
    const id = nextIndex++;
    const key = keys[id]!;
    inFlight.set(
      id,
      (async () => {
        const object = await target.store.getObject(target.bucket, key, options.signal);
        if (!object) return { id, events: [] };
        progress.bytesRead += object.body.length;
        try {
          const read = eventsOf((await gunzipAsync(object.body)).toString("utf8"), key, startMs, endMs);
          if (read.unusable > 0) options.onUnusable?.(key, read.unusable);
          return { id, events: read.events };
        } catch {
          progress.filesSkipped++;
          options.onUnusable?.(key, "unreadable");
          return { id, events: [] };
        }
      })(),
    );
  };
  while (nextIndex < keys.length && inFlight.size < limit) launch();
  while (inFlight.size > 0) {
    options.signal?.throwIfAborted();
    const done = await Promise.race(inFlight.values());
    inFlight.delete(done.id);
    progress.filesRead++;
    budget.events += done.events.length;
    if (budget.events >= budget.maxEvents) {
      budget.exhausted ??= `the window holds more than ${budget.maxEvents} events: narrow the time range, accounts or regions`;
    }
    if (nextIndex < keys.length && budget.events < budget.maxEvents) launch();
    options.onProgress?.({ ...progress });
    if (done.events.length > 0) yield done.events;
  }
}
