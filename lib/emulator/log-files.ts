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
  warnings: string[];
}

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

function isRecord(value: unknown): value is CloudTrailRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.eventID === "string" &&
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
      warnings.push(`skipped ${relative}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const records = (parsed as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) {
      warnings.push(`skipped ${relative}: no "Records" array (not a CloudTrail log file)`);
      continue;
    }
    files++;
    let invalid = 0;
    for (const record of records) {
      if (!isRecord(record)) {
        invalid++;
        continue;
      }
      // A log file can be delivered twice; Event history shows each event once.
      if (seen.has(record.eventID)) continue;
      seen.add(record.eventID);
      const accountId = record.recipientAccountId ?? record.userIdentity?.accountId ?? "000000000000";
      const insight = record.eventType === "AwsCloudTrailInsight" || record.eventCategory === "Insight";
      entries.push({
        accountId,
        region: record.awsRegion,
        category: insight ? "insight" : "management",
        event: eventFromRecord(record),
      });
    }
    if (invalid > 0)
      warnings.push(
        `${relative}: ignored ${invalid} record(s) without eventID, eventTime, eventSource, eventName or awsRegion`,
      );
  }
  return { store: new EventStore(entries), files, warnings };
}
