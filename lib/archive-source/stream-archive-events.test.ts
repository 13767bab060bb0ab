import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../demo/accounts";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import type { EventStreamMessage } from "../events/api-contract";
import type { AuditEvent } from "../events/audit-event";
import { InputError } from "../events/errors";
import { parseEventQuery } from "../query/event-query";
import { streamArchiveEvents } from "./stream-archive-events";

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-archive-source-"));
  // The emulator writes its demo central archive into <dataDir>/archive, where the demo source reads it.
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 3000, seed: 5 });
  process.env.TRAILSCOPE_SOURCE = "demo";
  process.env.TRAILSCOPE_DATA_DIR = dir;
  process.env.TRAILSCOPE_EMULATOR_URL = emulator.url;
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function query(search: string) {
  const parsed = parseEventQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

async function collect(search: string, cursor?: string) {
  const messages: EventStreamMessage[] = [];
  for await (const m of streamArchiveEvents(query(search), { cursor })) messages.push(m);
  const events = messages.flatMap((m) => (m.type === "events" ? m.events : []));
  const done = messages.at(-1);
  if (done?.type !== "done") throw new Error("no done message");
  const meta = messages[0];
  if (meta?.type !== "meta") throw new Error("no meta message");
  return { events, done, meta };
}

const isNewestFirst = (events: AuditEvent[]) =>
  events.every((e, i) => i === 0 || events[i - 1]!.eventTime >= e.eventTime);

describe("streamArchiveEvents over the demo central archive", () => {
  it("finds S3 DeleteObject data events of every demo account, newest first, with the filter applied", async () => {
    const { events, done, meta } = await collect("source=archive&range=7d&eventName=DeleteObject&limit=5000");
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.eventName === "DeleteObject" && e.managementEvent === false)).toBe(true);
    expect(new Set(events.map((e) => e.accountId))).toEqual(new Set(DEMO_ACCOUNTS.map((a) => a.id)));
    expect(isNewestFirst(events)).toBe(true);
    expect(done.complete).toBe(true);
    expect(done.truncated).toBe(false);
    // Named by bucket: the server's data folder never reaches the browser.
    expect(meta.plan.archive?.location).toMatch(/\(the demo archive\)$/);
    expect(meta.plan.archive?.location).not.toContain(dir);
    // One status per account found under AWSLogs/<o-id>/<account>/, counting the files read.
    expect(done.sources.map((s) => s.accountName).sort()).toEqual(["dev", "management", "prod"]);
    expect(done.sources.every((s) => s.state === "done" && s.pages > 0)).toBe(true);
  });

  it("reads only the chosen account", async () => {
    const prod = DEMO_ACCOUNTS.find((a) => a.name === "prod")!.id;
    const { events, done } = await collect(`source=archive&range=7d&readOnly=all&account=${prod}&limit=2000`);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.accountId === prod)).toBe(true);
    expect(done.sources.map((s) => s.accountId)).toEqual([prod]);
  });

  it("cuts at the limit honestly and continues from the cursor without repeating an event", async () => {
    const all = await collect("source=archive&range=1d&readOnly=all&limit=100000");
    const first = await collect("source=archive&range=1d&readOnly=all&limit=40");
    expect(first.events).toHaveLength(40);
    expect(first.done.truncated).toBe(true);
    expect(first.done.complete).toBe(false);
    expect(first.done.cursor).toBeTruthy();
    const second = await collect("source=archive&range=1d&readOnly=all&limit=40", first.done.cursor!);
    const ids = [...first.events, ...second.events].map((e) => `${e.accountId}/${e.eventId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.events.slice(0, ids.length).map((e) => `${e.accountId}/${e.eventId}`));
  });

  it("rejects an account that has no log files in the archive", async () => {
    await expect(collect("source=archive&account=123456789012")).rejects.toBeInstanceOf(InputError);
  });
});
