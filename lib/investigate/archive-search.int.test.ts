import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { AuditEvent } from "../events/audit-event";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";
import { parseEventQuery } from "../query/event-query";
import { planArchiveInvestigation, runArchiveInvestigation } from "./archive-search";
import { streamArchiveEvents } from "../sources/archive/stream-archive-events";

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-archive-investigate-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 3000, seed: 9, rate: 100_000 });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_DATA_DIR: dir,
      TRAILSCOPE_EMULATOR_URL: emulator.url,
    }),
  );
}, 120_000);

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function s3ObjectEvents(): Promise<AuditEvent[]> {
  const parsed = parseEventQuery(new URLSearchParams("source=archive&range=7d&readOnly=false&limit=100000"));
  if (!parsed.ok) throw new Error("bad query");
  const events: AuditEvent[] = [];
  for await (const m of streamArchiveEvents(parsed.query)) if (m.type === "events") events.push(...m.events);
  return events.filter((e) => e.eventSource === "s3.amazonaws.com");
}

function query(search: string) {
  const parsed = parseInvestigateQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

describe("the investigation over the trail archive", () => {
  it("names who deleted an S3 object (a data event) from the archive, which Event history cannot", async () => {
    const events = await s3ObjectEvents();
    // An object whose newest write is its deletion (newest first: the first event seen per object).
    const newestPerObject = new Map<string, AuditEvent>();
    for (const e of events) {
      const arn = e.resources.find((r) => r.type === "AWS::S3::Object")?.name;
      if (arn && !newestPerObject.has(arn)) newestPerObject.set(arn, e);
    }
    const [arn, deletion] = [...newestPerObject].find(([, e]) => e.eventName === "DeleteObject") ?? [];
    expect(arn).toBeDefined();

    const resource = encodeURIComponent(arn!);
    const fromArchive = await runArchiveInvestigation(
      await planArchiveInvestigation(query(`resource=${resource}&source=archive&range=7d`)),
    );
    expect(fromArchive.verdict.status).toBe("deleted");
    expect(fromArchive.verdict.deletion?.eventId).toBe(deletion!.eventId);
    expect(fromArchive.verdict.deletion?.eventName).toBe("DeleteObject");
    expect(fromArchive.complete).toBe(true);
    expect(fromArchive.apiCalls).toBe(0);

    const fromHistory = await investigate(query(`resource=${resource}&range=7d`));
    expect(fromHistory.verdict.status).toBe("unknown");
  }, 60_000);

  it("an object never in the archive gets no verdict, and the answer says what was read", async () => {
    const result = await runArchiveInvestigation(
      await planArchiveInvestigation(
        query("resource=arn%3Aaws%3As3%3A%3A%3Aprod-app-assets%2Fno-such-object.csv&source=archive&range=1d"),
      ),
    );
    expect(result.verdict.status).toBe("unknown");
    const archived = result.verdict.reasons.find((r) => r.code === "archive-searched");
    expect(archived).toMatchObject({ accounts: 3 });
    expect(archived?.code === "archive-searched" && archived.files).toBeGreaterThan(0);
    expect(result.verdict.reasons.map((r) => r.code)).not.toContain("history-retention");
    expect(result.verdict.advice).not.toContain("search-archive");
  });
});
