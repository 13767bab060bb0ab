import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { CloudTrailRecord } from "./record";
import { EventStore, eventFromRecord, type StoreEntry } from "./store";

/**
 * TRAILSCOPE_DATA: CloudTrail log files (`{"Records": [...]}`, `.json` or `.json.gz`) from a file or
 * any folder tree, the S3 layout included, served as the event history they describe.
 */

export interface LoadedLogFiles {
  store: EventStore;
  files: number;
  /** Records that cannot be served (not an object, no eventID or eventTime…): counted, never dropped unseen. */
  unusableRecords: number;
  /** `.json`/`.json.gz` files that are not readable CloudTrail log files (damaged, not JSON, no Records). */
  unreadableFiles: number;
  warnings: string[];
}

/** `AWSLogs/[o-id/]<account>/`: the folder a trail delivers each account's files to. */
const ACCOUNT_FOLDER = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\//;

async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function isUsable(value: unknown): value is CloudTrailRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.eventID === "string" &&
    r.eventID !== "" &&
    typeof r.eventTime === "string" &&
    Number.isFinite(Date.parse(r.eventTime)) &&
    typeof r.awsRegion === "string" &&
    ((typeof r.eventSource === "string" && typeof r.eventName === "string") ||
      typeof r.insightDetails === "object")
  );
}

export async function loadLogFiles(root: string): Promise<LoadedLogFiles> {
  const warnings: string[] = [];
  const entries: StoreEntry[] = [];
  const seen = new Set<string>();
  let files = 0;
  let unusableRecords = 0;
  let unreadableFiles = 0;
  for (const file of await listFiles(root)) {
    const relative = path.relative(root, file) || path.basename(file);
    if (
      file.split(path.sep).includes("CloudTrail-Digest") ||
      /_CloudTrail-Digest_/.test(path.basename(file))
    ) {
      warnings.push(`skipped digest file ${relative}`);
      continue;
    }
    if (!/\.json(\.gz)?$/i.test(file)) {
      warnings.push(`skipped ${relative}: not a .json or .json.gz file`);
      continue;
    }
    let parsed: unknown;
    try {
      const bytes = await readFile(file);
      const text = file.toLowerCase().endsWith(".gz")
        ? gunzipSync(bytes).toString("utf8")
        : bytes.toString("utf8");
      parsed = JSON.parse(text);
    } catch (error) {
      unreadableFiles++;
      warnings.push(`skipped ${relative}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const records = (parsed as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) {
      unreadableFiles++;
      warnings.push(`skipped ${relative}: no "Records" array (not a CloudTrail log file)`);
      continue;
    }
    files++;
    const folderAccount = ACCOUNT_FOLDER.exec(file.split(path.sep).join("/"))?.[1];
    let invalid = 0;
    for (const record of records) {
      if (!isUsable(record)) {
        invalid++;
        continue;
      }
      // Records of eventVersion 1.0x have no recipientAccountId: the delivery folder names the account.
      const accountId =
        record.recipientAccountId ?? folderAccount ?? record.userIdentity?.accountId ?? "000000000000";
      // A log file can be delivered twice; Event history shows each event once.
      const key = `${accountId}/${record.eventID}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const insight = record.eventType === "AwsCloudTrailInsight" || record.eventCategory === "Insight";
      entries.push({
        accountId,
        region: record.awsRegion,
        category: insight ? "insight" : "management",
        event: eventFromRecord(record),
      });
    }
    if (invalid > 0) {
      unusableRecords += invalid;
      warnings.push(
        `${relative}: ${invalid} unusable record(s) not served (not an object, or without eventID, eventTime, eventSource/eventName or awsRegion)`,
      );
    }
  }
  return { store: new EventStore(entries), files, unusableRecords, unreadableFiles, warnings };
}
