import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { openMemoryStore } from "@/test/support/store-dataset-events";
import { parseSettings, setSettingsForTest } from "../config";
import { MINUTE } from "../shared/time";
import { lookupPage } from "../sources/history/lookup";
import { resolveSources } from "../sources/history/sources";
import type { Interval } from "../store/coverage";
import type { Store } from "../store/open-store";
import { syncWindow } from "../sync/sync";
import type { InvestigateResponse } from "./contract";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * The write scan's cap (the newest 2,000 writes of a source) counted over store and LookupEvents
 * events together: one source with 2,100 writes newer than a Lightsail deletion that only the write
 * scan can find (search-scan.int.test.ts), so the scan stops before it, whichever part of the
 * window the store holds. A store page (500 rows) is cut at the cap like a LookupEvents page (50).
 */

const ACCOUNT = "444455556666";
const REGION = "us-west-2";
const FILLERS = 2100;
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
let emulator: RunningEmulator;
let dir: string;

function record(at: number, eventName: string, requestParameters: Record<string, unknown>, n: number) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: `arn:aws:iam::${ACCOUNT}:user/erin`,
      accountId: ACCOUNT,
      userName: "erin",
    },
    eventTime: new Date(at).toISOString().replace(/\.\d+Z$/, "Z"),
    eventSource: "lightsail.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: "203.0.113.9",
    userAgent: "aws-cli/2.17.0 Python/3.11.9 Linux/6.1 exe/x86_64",
    requestParameters,
    responseElements: null,
    requestID: `req-${n}`,
    eventID: `11111111-2222-4333-8444-${String(n).padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  };
}

/** A filler every 10 s from 50 minutes ago back: the newest 2,000 writes end 383 minutes ago. */
const fillerTime = (i: number) => now.getTime() - 50 * MINUTE - i * 10_000;
/** Every record's time: each is a write. */
let writes: number[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "trailscope-scan-cap-"));
  const records = [
    record(now.getTime() - 600 * MINUTE, "CreateInstances", { instanceNames: ["web", "db"] }, 1),
    record(now.getTime() - 500 * MINUTE, "DeleteInstance", { instanceName: "web" }, 2),
    record(now.getTime() - 100 * MINUTE - 5_000, "DeleteInstance", { instanceName: "db" }, 3),
    ...Array.from({ length: FILLERS }, (_, i) =>
      record(fillerTime(i), "TagResource", { resourceName: `api-${i}`, tags: [] }, 100 + i),
    ),
  ];
  writes = records.map((r) => Date.parse(r.eventTime));
  writeFileSync(
    path.join(dir, `${ACCOUNT}_CloudTrail_${REGION}_fillers.json`),
    JSON.stringify({ Records: records }),
  );
  emulator = await startEmulator({ port: 0, now, dataPath: dir, rate: 500 });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "100",
      TRAILSCOPE_SYNC_INTERVAL: "1h",
    }),
  );
});

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const params = (resource: string) =>
  new URLSearchParams({ resource, account: ACCOUNT, region: REGION, range: "1d" });

async function run(resource: string, store: Store | null) {
  const parsed = parseInvestigateQuery(params(resource), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return investigate(parsed.query, { store });
}

/** A store holding `held` of the source, read completely from Event history. */
async function storeHolding(held: Interval): Promise<Store> {
  const store = await openMemoryStore();
  const [source] = await resolveSources({ account: [ACCOUNT], region: [REGION] });
  expect((await syncWindow({ store, lookup: lookupPage }, source!, held)).complete).toBe(true);
  return store;
}

const writeScan = (r: InvestigateResponse) => r.searched.find((s) => s.phase === "write-scan");
const answerOf = (r: InvestigateResponse) => ({
  verdict: r.verdict.status,
  deletion: r.verdict.deletion?.eventId ?? null,
  reasons: r.verdict.reasons.map((reason) => reason.code),
  complete: r.complete,
  writeScan: { ...writeScan(r), calls: 0, storeEvents: 0 },
});

/**
 * What the write scan must cost and read from the store over these segments: newest first, the writes
 * of each segment until 2,000, a LookupEvents segment one call per 50 events read (one when empty).
 */
function expectedScan(segments: { start: number; end: number; from: "store" | "lookup" }[]) {
  let read = 0;
  let calls = 0;
  let stored = 0;
  for (const segment of segments) {
    const inside = writes.filter((t) => t >= segment.start && t <= segment.end).length;
    const taken = Math.min(inside, 2000 - read);
    read += taken;
    if (segment.from === "store") stored += taken;
    else calls += Math.max(1, Math.ceil(taken / 50));
    if (read === 2000) break;
  }
  return { calls, storeEvents: stored };
}

describe("the write scan's cap over store and live events", () => {
  const cases: { name: string; held: Interval }[] = [
    {
      name: "the store holds the middle",
      held: { start: now.getTime() - 300 * MINUTE, end: now.getTime() - 200 * MINUTE },
    },
    // About 1,710 writes are newer: the cap falls inside the store's one page (330 rows).
    {
      name: "the cap falls inside a store page",
      held: { start: now.getTime() - 390 * MINUTE, end: now.getTime() - 335 * MINUTE },
    },
    { name: "the store holds it all", held: { start: now.getTime() - 1440 * MINUTE, end: now.getTime() } },
  ];

  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: the scan stops at the newest 2,000 writes, as the live one does",
    async (_name, { held }) => {
      const store = await storeHolding(held);
      try {
        for (const resource of ["web", "db"]) {
          const live = await run(resource, null);
          const answer = await run(resource, store);
          expect(answerOf(answer), resource).toEqual(answerOf(live));
          expect(writeScan(live)).toMatchObject({ events: 2000, truncated: true, calls: 40 });
          const segments = answer.store!.sources[0]!.segments.map((g) => ({
            start: Date.parse(g.start),
            end: Date.parse(g.end),
            from: g.from,
          }));
          expect(writeScan(answer)).toMatchObject({
            events: 2000,
            truncated: true,
            ...expectedScan(segments),
          });
          // The other lookups find nothing here: one call per uncovered interval, none for the store's.
          const uncovered = segments.filter((g) => g.from === "lookup").length;
          for (const step of answer.searched.filter((s) => s.phase !== "write-scan")) {
            expect(step).toMatchObject({ events: 0, calls: uncovered });
          }
        }
        const unknown = await run("web", store);
        expect(unknown.verdict.status).toBe("unknown");
        expect(unknown.verdict.reasons).toContainEqual({ code: "scan-truncated", maxEvents: 2000 });
        const found = await run("db", store);
        expect(found.verdict.deletion?.eventId).toBe("11111111-2222-4333-8444-000000000003");
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
