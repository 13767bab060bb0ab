import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * The record corpus of test/corpus (39 services, event versions 1.0–1.11), written as a trail's log
 * files (S3 layout, gzip), served by the emulator, and investigated over HTTP by every identifier of
 * each deleted resource: the deleting event must be found, and failed attempts listed apart.
 */

const CORPUS = path.join(import.meta.dirname, "..", "..", "test", "corpus");
const ACCOUNT = "123456789012";

interface Expected {
  file: string;
  eventSource: string;
  inputs: string[];
  deletion: { eventId: string; eventName: string };
  failedAttempts: string[];
}

interface CorpusRecord {
  eventTime: string;
  awsRegion: string;
  recipientAccountId?: string;
  [key: string]: unknown;
}

const expected = JSON.parse(readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Expected[];
const now = new Date();
let emulator: RunningEmulator;
let dir: string;

/** Moves the corpus so its newest record is an hour old, keeping every gap between records. */
function shifted(records: CorpusRecord[]): CorpusRecord[] {
  const newest = Math.max(...records.map((r) => Date.parse(r.eventTime)));
  const offset = now.getTime() - 3_600_000 - newest;
  return records.map((r) => ({
    ...r,
    eventTime: new Date(Date.parse(r.eventTime) + offset).toISOString().replace(/\.\d+Z$/, "Z"),
  }));
}

function writeLogFiles(records: CorpusRecord[]) {
  const byFile = new Map<string, CorpusRecord[]>();
  for (const r of records) {
    const t = r.eventTime;
    const [y, m, d] = [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10)];
    const stamp = `${y}${m}${d}T${t.slice(11, 13)}${t.slice(14, 15)}0Z`;
    const key = path.join(
      "AWSLogs",
      ACCOUNT,
      "CloudTrail",
      r.awsRegion,
      y,
      m,
      d,
      `${ACCOUNT}_CloudTrail_${r.awsRegion}_${stamp}_corpus.json.gz`,
    );
    byFile.set(key, [...(byFile.get(key) ?? []), r]);
  }
  for (const [key, recs] of byFile) {
    mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
    writeFileSync(path.join(dir, key), gzipSync(JSON.stringify({ Records: recs })));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "trailscope-corpus-"));
  const files = readdirSync(CORPUS).filter((f) => f.endsWith(".json") && f !== "expected.json");
  const records = files.flatMap(
    (f) => (JSON.parse(readFileSync(path.join(CORPUS, f), "utf8")) as { Records: CorpusRecord[] }).Records,
  );
  writeLogFiles(shifted(records));
  emulator = await startEmulator({ port: 0, now, dataPath: dir, rate: Infinity });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_ACCOUNTS: `${ACCOUNT}:corpus`,
      TRAILSCOPE_REGIONS: "us-east-1,eu-west-1",
      TRAILSCOPE_RATE: "100",
    }),
  );
});

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cases = expected.flatMap((e) => e.inputs.map((input) => [e.file, input, e] as const));

describe("the record corpus", () => {
  it("covers at least 30 services and every event version 1.0 to 1.11", () => {
    const versions = new Set<string>();
    for (const e of expected) {
      const { Records } = JSON.parse(readFileSync(path.join(CORPUS, e.file), "utf8")) as {
        Records: { eventVersion: string }[];
      };
      for (const r of Records) versions.add(r.eventVersion);
    }
    expect(new Set(expected.map((e) => e.eventSource)).size).toBeGreaterThanOrEqual(30);
    expect([...versions].sort((a, b) => Number(a) - Number(b))).toEqual([
      "1.0",
      "1.01",
      "1.02",
      "1.03",
      "1.04",
      "1.05",
      "1.06",
      "1.07",
      "1.08",
      "1.09",
      "1.10",
      "1.11",
    ]);
  });

  it.each(cases)("%s: %s", async (_file, input, e) => {
    const parsed = parseInvestigateQuery(new URLSearchParams({ resource: input }), now);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const result = await investigate(parsed.query);
    expect(result.errors).toEqual([]);
    expect(result.verdict.status, JSON.stringify(result.verdict.reasons)).toBe("deleted");
    expect(result.verdict.deletion).toMatchObject({
      eventId: e.deletion.eventId,
      eventName: e.deletion.eventName,
      eventSource: e.eventSource,
      accountId: ACCOUNT,
    });
    expect(result.deletions.map((d) => d.eventId)).toEqual([e.deletion.eventId]);
    expect(result.failedAttempts.map((a) => a.eventId).sort()).toEqual([...e.failedAttempts].sort());
    for (const attempt of result.failedAttempts) expect(attempt.errorCode).not.toBe("");
  });
});
