import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceStatus } from "../../events/api-contract";
import { logFileKey } from "../../trail-files/keys";
import { LocalObjectStore } from "../../trail-files/local-store";
import { ArchiveAccessError } from "../../trail-files/object-store";
import { archiveBudget, listLogFiles } from "../../trail-files/reader";
import { archiveErrorHint } from "./open-archive";
import { archiveReadError, readAccountEvents, type ArchiveRead } from "./read-account";

const BUCKET = "trail-bucket";
const ACCOUNT = { accountId: "444455556666", name: "prod", organizationId: null };
const delivered = new Date(Date.UTC(2026, 10, 25, 12, 0));
const at = (minutesBefore: number) =>
  new Date(delivered.getTime() - minutesBefore * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const record = (eventID: string, eventTime: string) => ({
  eventVersion: "1.11",
  eventTime,
  eventID,
  eventSource: "s3.amazonaws.com",
  eventName: "PutObject",
  awsRegion: "us-east-1",
  recipientAccountId: ACCOUNT.accountId,
  userIdentity: { type: "AWSService", invokedBy: "s3.amazonaws.com" },
});

let root: string;
let read: ArchiveRead;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailscope-read-account-"));
  const store = new LocalObjectStore(root);
  const key = logFileKey({ accountId: ACCOUNT.accountId, region: "us-east-1" }, delivered, "a1b2c3d4");
  const records = [record("inside", at(10)), record("after-the-window", at(1))];
  await store.putObject(BUCKET, key, gzipSync(JSON.stringify({ Records: records })));
  read = {
    archive: { location: { kind: "local", dir: path.join(root, BUCKET) }, store },
    regions: undefined,
    budget: archiveBudget(),
  };
});
afterAll(() => rm(root, { recursive: true, force: true }));

const pending = (): SourceStatus => ({
  accountId: ACCOUNT.accountId,
  accountName: ACCOUNT.name,
  region: "all regions",
  state: "running",
  pages: 0,
  events: 0,
});

async function eventIds(status: SourceStatus, files?: Awaited<ReturnType<typeof listLogFiles>>) {
  const ids: string[] = [];
  const window = { start: new Date(at(60)), end: new Date(at(5)) };
  for await (const events of readAccountEvents(read, ACCOUNT, window, status, { files })) {
    ids.push(...events.map((e) => e.eventId));
  }
  return ids;
}

describe("readAccountEvents", () => {
  it("reads the files delivered after the window and keeps only its events, counting both in the status", async () => {
    const status = pending();
    expect(await eventIds(status)).toEqual(["inside"]);
    expect(status).toMatchObject({ events: 1, pages: 1 });
  });

  it("reads from a listing it is given, adding to the files the status already counts", async () => {
    const files = await listLogFiles({
      ...read.archive,
      accounts: [ACCOUNT.accountId],
      start: new Date(at(60)),
      end: delivered,
    });
    const status = { ...pending(), pages: 3 };
    expect(await eventIds(status, files)).toEqual(["inside"]);
    expect(status).toMatchObject({ events: 1, pages: 4 });
    expect(await eventIds(pending(), [])).toEqual([]);
  });
});

describe("archiveReadError", () => {
  it("keeps an access error's code with its hint, and names the account", () => {
    expect(archiveReadError(ACCOUNT, new ArchiveAccessError("Access Denied", "AccessDenied"))).toEqual({
      code: "AccessDenied",
      message: "Reading the log files of prod (444455556666) failed: Access Denied",
      hint: archiveErrorHint("AccessDenied"),
    });
    expect(archiveReadError(ACCOUNT, new Error("bad gzip")).code).toBe("ArchiveUnreadable");
  });
});
