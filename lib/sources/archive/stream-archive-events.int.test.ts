import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { DEMO_ACCOUNTS } from "../../demo/accounts";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import type { EventStreamMessage } from "../../events/api-contract";
import type { AuditEvent } from "../../events/audit-event";
import { gzipSync } from "node:zlib";
import { logFileKey } from "../../trail-files/keys";
import { LocalObjectStore } from "../../trail-files/local-store";
import { InputError } from "../../events/errors";
import { parseEventQuery } from "../../query/event-query";
import { streamArchiveEvents } from "./stream-archive-events";

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-archive-source-"));
  // The emulator writes its demo central archive into <dataDir>/archive, where the demo source reads it.
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 3000, seed: 5 });
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

describe("archive windows, buckets, prefixes and cursors", () => {
  it("walks a window back to CloudTrail's launch over existing folders only, quickly", async () => {
    const started = Date.now();
    const { events, done } = await collect("source=archive&start=2013-11-01T00:00:00Z&readOnly=all&limit=1");
    expect(events).toHaveLength(1);
    expect(done.truncated).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("says that a misspelled bucket does not exist instead of answering nothing", async () => {
    const error = await collect("source=archive&bucket=no-such-trail-bucket").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      { param: "bucket", message: "no-such-trail-bucket does not exist" },
    ]);
  });

  it("reads the files under the prefix in demo mode, and says when a prefix holds none", async () => {
    const bucket = "zz-prefixed-trail-logs";
    const eventTime = new Date(Date.now() - 3_600_000);
    const scope = { prefix: "team-a", accountId: DEMO_ACCOUNTS[0]!.id, region: "us-east-1" };
    const record = {
      eventVersion: "1.10",
      eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, "Z"),
      eventSource: "s3.amazonaws.com",
      eventName: "DeleteObject",
      awsRegion: "us-east-1",
      eventID: "prefixed-event-1",
      userIdentity: { type: "IAMUser", accountId: scope.accountId, userName: "alice" },
      readOnly: false,
      recipientAccountId: scope.accountId,
    };
    await new LocalObjectStore(path.join(dir, "archive")).putObject(
      bucket,
      logFileKey(scope, new Date(eventTime.getTime() + 300_000), "prefixed"),
      gzipSync(JSON.stringify({ Records: [record] })),
    );
    const { events } = await collect(`source=archive&bucket=${bucket}&prefix=team-a&range=1d&readOnly=all`);
    expect(events.map((e) => e.eventId)).toEqual(["prefixed-event-1"]);
    await expect(collect(`source=archive&bucket=${bucket}&prefix=team-b&range=1d`)).rejects.toThrow(
      /^prefix: team-b holds no CloudTrail log files/,
    );
  });

  it("refuses tampered, foreign and widened cursors", async () => {
    const search = "source=archive&range=1d&readOnly=all&limit=5";
    const { done } = await collect(search);
    const [body, signature] = done.cursor!.split(".") as [string, string];
    const data = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { d: { s: number } };
    data.d.s = Date.UTC(2014, 0, 1);
    const widened = `${Buffer.from(JSON.stringify(data)).toString("base64url")}.${signature}`;
    const unsigned = Buffer.from(JSON.stringify({ v: "a1", s: 0, e: 9e15, seen: [] })).toString("base64url");
    for (const cursor of [widened, unsigned, `${body}.${"A".repeat(43)}`]) {
      const error = await collect(search, cursor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => i.param)).toEqual(["cursor"]);
    }
    // A cursor of another query is refused too.
    await expect(collect("source=archive&range=1d&readOnly=false&limit=5", done.cursor!)).rejects.toThrow(
      /^cursor: belongs to a different query/,
    );
  });
});
