import path from "node:path";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import type { AuditEvent } from "../events/audit-event";
import { normalizeRecord } from "../events/normalize";
import { logFolder, parseLogFileKey } from "./keys";
import { LocalObjectStore } from "./local-store";
import type { ObjectStore } from "./object-store";

/**
 * Reads a trail's log files (DESIGN.md §4 layout) from an S3 bucket or a local folder with the same
 * layout: lists one folder per account, region and UTC day, fetches the files in parallel with a bound,
 * gunzips them and yields each file's events as soon as it is read. Data events (S3 object calls,
 * Lambda Invoke) and anything older than Event history's 90 days are only found here.
 */

const gunzipAsync = promisify(gunzip);
const HOUR = 3_600_000;
const DAY = 86_400_000;

export type ArchiveLocation =
  | { kind: "local"; /** The bucket's folder: it holds `AWSLogs/` (or the prefix). */ dir: string }
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
}

interface Target {
  store: ObjectStore;
  bucket: string;
  prefix: string;
}

function resolveTarget(location: ArchiveLocation, store: ObjectStore | undefined): Target {
  if (location.kind === "local") {
    const dir = path.resolve(location.dir);
    return {
      store: store ?? new LocalObjectStore(path.dirname(dir)),
      bucket: path.basename(dir),
      prefix: "",
    };
  }
  if (!store) throw new Error("an S3 archive location needs an S3 object store");
  const prefix = location.prefix?.replace(/^\/+|\/+$/g, "") ?? "";
  return { store, bucket: location.bucket, prefix: prefix ? `${prefix}/` : "" };
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
  const base = `${target.prefix}AWSLogs/${account.organizationId ? `${account.organizationId}/` : ""}${account.accountId}/CloudTrail/`;
  const folders = await target.store.listFolders(target.bucket, base, signal);
  return folders.map((f) => f.slice(base.length, -1));
}

function utcDays(start: Date, end: Date): Date[] {
  const days: Date[] = [];
  for (let t = Math.floor(start.getTime() / DAY) * DAY; t <= end.getTime(); t += DAY) days.push(new Date(t));
  return days;
}

/**
 * A log file is delivered about 5 (at most ~15) minutes after its newest event: files delivered from
 * the start to an hour past the end can hold events of the range.
 */
async function listLogFiles(
  target: Target,
  accounts: ArchiveAccount[],
  regions: string[] | undefined,
  o: ReadArchiveOptions,
) {
  const lastDelivery = o.end.getTime() + HOUR;
  const keys: string[] = [];
  for (const account of accounts) {
    const accountRegions = regions ?? (await listRegions(target, account, o.signal));
    for (const region of accountRegions) {
      const scope = { prefix: target.prefix.replace(/\/$/, "") || undefined, ...account, region };
      for (const day of utcDays(o.start, new Date(lastDelivery))) {
        for await (const key of target.store.listKeys(target.bucket, {
          prefix: logFolder(scope, day),
          signal: o.signal,
        })) {
          const parsed = parseLogFileKey(key);
          if (!parsed) continue;
          const delivered = parsed.deliveredAt.getTime();
          if (delivered >= o.start.getTime() - 60_000 && delivered <= lastDelivery) keys.push(key);
        }
      }
    }
  }
  return keys;
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
  const target = resolveTarget(options.location, options.store);
  const all = await listArchiveAccounts(options.location, target.store, options.signal);
  const accounts = options.accounts ? all.filter((a) => options.accounts!.includes(a.accountId)) : all;
  const keys = await listLogFiles(target, accounts, options.regions, options);
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
    if (nextIndex < keys.length) launch();
    options.onProgress?.({ ...progress });
    if (done.events.length > 0) yield done.events;
  }
}
