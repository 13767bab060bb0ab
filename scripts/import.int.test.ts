import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logFileKey } from "../lib/trail-files/keys";
import { LocalObjectStore } from "../lib/trail-files/local-store";
import { openStore } from "../lib/store/open-store";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const ACCOUNT = "210987654321";
const T = Date.parse("2026-10-01T08:00:00Z");

let dir: string;
let bucketDir: string;
let storeFile: string;

/** `npm run import -- …` as a user types it, with the store in a temporary file. */
async function importCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "import", "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, TRAILSCOPE_STORE: storeFile, TRAILSCOPE_DATA_DIR: dir },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-import-cli-"));
  bucketDir = path.join(dir, "logs-copy");
  storeFile = path.join(dir, "store.duckdb");
  const local = new LocalObjectStore(dir);
  for (let h = 0; h < 6; h++) {
    const records = Array.from({ length: 50 }, (_, i) => ({
      eventVersion: "1.09",
      eventID: `cli-${h}-${i}`,
      eventTime: new Date(T + h * 3_600_000 - i * 1000).toISOString().replace(".000Z", "Z"),
      eventName: i % 2 ? "GetObject" : "DeleteObject",
      eventSource: "s3.amazonaws.com",
      awsRegion: "ap-south-1",
      recipientAccountId: ACCOUNT,
      managementEvent: false,
    }));
    const key = logFileKey(
      { accountId: ACCOUNT, region: "ap-south-1" },
      new Date(T + h * 3_600_000),
      `f${h}`,
    );
    await local.putObject("logs-copy", key, gzipSync(Buffer.from(JSON.stringify({ Records: records }))));
  }
  const bad = logFileKey({ accountId: ACCOUNT, region: "ap-south-1" }, new Date(T), "bad");
  await local.putObject("logs-copy", bad, Buffer.from("not gzip"));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm run import", () => {
  it("imports a folder, reports what it did, and imports nothing the second time", async () => {
    const first = await importCli(bucketDir);
    expect(first.stderr).toContain(`import: ${bucketDir} → ${storeFile}`);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Imported ${bucketDir} into ${storeFile}`);
    expect(first.stdout).toContain(
      "files: 7 listed, 6 read, 0 already imported, 1 unusable · events: 300 inserted, 0 already present, 0 unusable records",
    );
    expect(first.stdout).toMatch(
      /unusable: AWSLogs\/210987654321\/CloudTrail\/ap-south-1\/.*_bad\.json\.gz: not a gzip file/,
    );
    // The unusable file sits in the listing, so no coverage is claimed for that source.
    expect(first.stdout).not.toContain("covered:");

    const second = await importCli(path.join(bucketDir, "AWSLogs"));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      "files: 7 listed, 0 read, 6 already imported, 1 unusable · events: 0 inserted",
    );

    const opened = await openStore({ kind: "file", path: storeFile });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    const rows = await opened.store.read(async (c) =>
      (
        await c.runAndReadAll(
          "SELECT origin, account_id, aws_region, count(*), count(DISTINCT archive_key) FROM events GROUP BY ALL",
        )
      ).getRows(),
    );
    await opened.store.close();
    expect(rows.map((r) => r.map(String))).toEqual([["archive", ACCOUNT, "ap-south-1", "300", "6"]]);
  }, 240_000);

  it("refuses what it cannot import with exit 2 and a reason", async () => {
    const none = await importCli(path.join(dir, "missing"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("is not a folder");
    const noLogs = await importCli(dir);
    expect(noLogs.code).toBe(2);
    expect(noLogs.stderr).toContain("holds no AWSLogs/ folder");
    const usage = await importCli();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run import --");
  }, 120_000);
});
