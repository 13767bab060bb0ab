import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { logFileKey } from "../../trail-files/keys";
import { LocalObjectStore } from "../../trail-files/local-store";
import { DEMO_ORGANIZATION_ID } from "../../demo/accounts";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { CENTRAL_BUCKET } from "../../../emulator/trails/demo-trails";
import { parseEventQuery } from "../../query/event-query";
import { streamArchiveEvents } from "./stream-archive-events";

/**
 * A trail's files as found in the field: an eventVersion 1.0x record without recipientAccountId (its
 * account is the folder's), records that cannot be shown, and a file that is not gzip'd JSON. The
 * first is shown once under its account; the others are counted in the account's status.
 */

const PROD = "444455556666";
const SCOPE = { organizationId: DEMO_ORGANIZATION_ID, accountId: PROD, region: "us-east-1" };
let dir: string;
let emulator: RunningEmulator;
const delivered = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000);
const eventTime = new Date(delivered.getTime() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const oldConsoleLogin = {
  eventVersion: "1.02",
  // A caller of another account: its ID is not the account whose trail delivered the record.
  userIdentity: { type: "AWSAccount", principalId: "AIDAEXAMPLEMANAGEMENT", accountId: "111122223333" },
  eventTime,
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.20",
  userAgent: "Mozilla/5.0",
  requestParameters: null,
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { MFAUsed: "No" },
  eventID: "3fcfb586-1c41-4d5c-9d9e-0b5a2f0c1e01",
  eventType: "AwsConsoleSignIn",
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-unusable-"));
  emulator = await startEmulator({ dataDir: dir, eventCount: 600, seed: 3 });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_DATA_DIR: dir,
      TRAILSCOPE_EMULATOR_URL: emulator.url,
    }),
  );
  const store = new LocalObjectStore(path.join(dir, "archive"));
  const records = [
    oldConsoleLogin,
    { ...oldConsoleLogin, eventID: undefined },
    { ...oldConsoleLogin, eventID: "3fcfb586-1c41-4d5c-9d9e-0b5a2f0c1e02", eventTime: undefined },
    "not a record",
  ];
  await store.putObject(
    CENTRAL_BUCKET,
    logFileKey(SCOPE, delivered, "fieldRecords01"),
    gzipSync(JSON.stringify({ Records: records })),
  );
  await store.putObject(CENTRAL_BUCKET, logFileKey(SCOPE, delivered, "damaged01"), gzipSync("{not json"));
}, 120_000);

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the trail archive with records that cannot all be shown", () => {
  it("shows the record without recipientAccountId once and counts the rest in the status", async () => {
    const parsed = parseEventQuery(
      new URLSearchParams({
        source: "archive",
        range: "1d",
        readOnly: "all",
        account: PROD,
        limit: "100000",
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const events = [];
    let done;
    for await (const message of streamArchiveEvents(parsed.query)) {
      if (message.type === "events") events.push(...message.events);
      if (message.type === "done") done = message;
    }
    const logins = events.filter((e) => e.eventId.startsWith("3fcfb586"));
    expect(logins.map((e) => [e.eventId, e.accountId, e.eventName])).toEqual([
      [oldConsoleLogin.eventID, PROD, "ConsoleLogin"],
    ]);
    const ids = events.map((e) => `${e.accountId}/${e.eventId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(done?.sources).toEqual([
      expect.objectContaining({ accountId: PROD, state: "done", unusableRecords: 3, unreadableFiles: 1 }),
    ]);
  });
});
