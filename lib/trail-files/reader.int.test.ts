import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../events/audit-event";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { logFileKey } from "./keys";
import { LocalObjectStore } from "./local-store";
import type { ListOptions, ObjectStore } from "./object-store";
import {
  archiveBudget,
  listArchiveAccounts,
  listLogFiles,
  readArchiveEvents,
  type ArchiveProgress,
  type ReadArchiveOptions,
} from "./reader";
import { createS3Client, S3ObjectStore } from "./s3-store";
import { startTestS3Server, type TestS3Server } from "../../test/support/s3-server";
import { uploadArchiveBucket } from "../../test/support/s3-upload";

const BUCKET = "reader-test-central-logs";
const ORG = "o-test12345678";
const credentials = { accessKeyId: demoAccessKeyId("111122223333"), secretAccessKey: DEMO_SECRET_ACCESS_KEY };

function record(
  accountId: string,
  region: string,
  time: string,
  eventName: string,
  eventSource = "s3.amazonaws.com",
) {
  return {
    eventVersion: "1.10",
    userIdentity: {
      type: "IAMUser",
      accountId,
      arn: `arn:aws:iam::${accountId}:user/alice`,
      userName: "alice",
    },
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.22.0",
    requestParameters: { bucketName: "exports", key: "a.csv" },
    responseElements: null,
    eventID: `${accountId}-${eventName}-${time}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: eventSource !== "s3.amazonaws.com",
    recipientAccountId: accountId,
    eventCategory: eventSource === "s3.amazonaws.com" ? "Data" : "Management",
  };
}

let root: string;
let s3: TestS3Server;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailscope-reader-"));
  const store = new LocalObjectStore(root);
  const put = async (
    scope: { organizationId?: string; accountId: string; region: string },
    delivered: string,
    records: object[],
  ) => {
    const key = logFileKey(scope, new Date(delivered), `u${delivered.replace(/\D/g, "")}`);
    await store.putObject(BUCKET, key, gzipSync(JSON.stringify({ Records: records })));
    return key;
  };
  // An organization trail's member account, two regions, two days.
  const prod = { organizationId: ORG, accountId: "444455556666" };
  await put({ ...prod, region: "us-east-1" }, "2026-11-20T10:05:00Z", [
    record("444455556666", "us-east-1", "2026-11-20T09:58:00Z", "DeleteObject"),
    record("444455556666", "us-east-1", "2026-11-20T10:01:00Z", "PutObject"),
  ]);
  await put({ ...prod, region: "eu-west-1" }, "2026-11-21T00:04:00Z", [
    record("444455556666", "eu-west-1", "2026-11-20T23:59:00Z", "TerminateInstances", "ec2.amazonaws.com"),
  ]);
  // Outside the range: delivered two days later.
  await put({ ...prod, region: "us-east-1" }, "2026-11-23T10:05:00Z", [
    record("444455556666", "us-east-1", "2026-11-23T10:00:00Z", "GetObject"),
  ]);
  // A plain (non-organization) account in the same bucket, and a damaged file.
  const dev = { accountId: "777788889999", region: "us-east-1" };
  await put(dev, "2026-11-20T12:05:00Z", [
    record("777788889999", "us-east-1", "2026-11-20T12:00:00Z", "DeleteBucket"),
  ]);
  await store.putObject(
    BUCKET,
    logFileKey(dev, new Date("2026-11-20T13:05:00Z"), "broken"),
    Buffer.from("not gzip"),
  );

  s3 = await startTestS3Server();
  await uploadArchiveBucket(
    store,
    BUCKET,
    createS3Client({ region: "us-east-1", endpoint: s3.endpoint, credentials }),
    {
      createBucket: true,
    },
  );
}, 60_000);

afterAll(async () => {
  await s3?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function readAll(options: ReadArchiveOptions) {
  const events: AuditEvent[] = [];
  const progress: ArchiveProgress[] = [];
  for await (const batch of readArchiveEvents({ ...options, onProgress: (p) => progress.push(p) }))
    events.push(...batch);
  return { events: events.sort((a, b) => a.eventTime.localeCompare(b.eventTime)), progress };
}

const range = { start: new Date("2026-11-20T09:59:00Z"), end: new Date("2026-11-21T00:00:00Z") };

describe.each([
  ["a local folder", () => ({ location: { kind: "local" as const, dir: path.join(root, BUCKET) } })],
  [
    "an S3-compatible server (s3rver)",
    () => ({
      location: { kind: "s3" as const, bucket: BUCKET },
      store: new S3ObjectStore(createS3Client({ region: "us-east-1", endpoint: s3.endpoint, credentials })),
    }),
  ],
])("the archive in %s", (_name, source) => {
  it("lists the accounts of organization and plain folders", async () => {
    const { location, store } = { store: undefined, ...source() };
    expect(await listArchiveAccounts(location, store)).toEqual([
      { accountId: "444455556666", organizationId: ORG },
      { accountId: "777788889999" },
    ]);
  });

  it("reads the events of the range across accounts, regions and days, data events included", async () => {
    const { events, progress } = await readAll({ ...source(), ...range });
    expect(events.map((e) => `${e.accountId} ${e.awsRegion} ${e.eventName}`)).toEqual([
      "444455556666 us-east-1 PutObject",
      "777788889999 us-east-1 DeleteBucket",
      "444455556666 eu-west-1 TerminateInstances",
    ]);
    const last = progress[progress.length - 1]!;
    // The damaged file is listed and read, but yields nothing.
    expect(last).toMatchObject({ filesListed: 4, filesRead: 4, filesSkipped: 1 });
    expect(events[0]!.eventCategory).toBe("Data");
  });

  it("filters by account and region", async () => {
    const { events } = await readAll({
      ...source(),
      ...range,
      accounts: ["444455556666"],
      regions: ["eu-west-1"],
    });
    expect(events.map((e) => e.eventName)).toEqual(["TerminateInstances"]);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readAll({ ...source(), ...range, signal: controller.signal })).rejects.toThrow();
  });
});

/** Counts the listing requests a read makes: each one is an S3 ListObjects call on a real bucket. */
class CountingStore implements ObjectStore {
  lists = 0;
  constructor(private readonly inner: ObjectStore) {}
  async *listKeys(bucket: string, options?: ListOptions) {
    this.lists++;
    yield* this.inner.listKeys(bucket, options);
  }
  async *listObjects(bucket: string, options?: ListOptions) {
    this.lists++;
    yield* this.inner.listObjects(bucket, options);
  }
  listFolders(bucket: string, prefix: string, signal?: AbortSignal) {
    this.lists++;
    return this.inner.listFolders(bucket, prefix, signal);
  }
  getObject(bucket: string, key: string, signal?: AbortSignal) {
    return this.inner.getObject(bucket, key, signal);
  }
  describe(bucket: string) {
    return this.inner.describe(bucket);
  }
}

describe("a window of years", () => {
  const years = { start: new Date("2013-11-01T00:00:00Z"), end: new Date("2026-11-30T00:00:00Z") };
  const location = () => ({ kind: "local" as const, dir: path.join(root, BUCKET) });

  it("lists only the year, month and day folders that exist, not one folder per day", async () => {
    const store = new CountingStore(new LocalObjectStore(root));
    const started = Date.now();
    const { events } = await readAll({ location: location(), store, ...years });
    expect(events.map((e) => e.eventName).sort()).toEqual(
      ["DeleteBucket", "DeleteObject", "GetObject", "PutObject", "TerminateInstances"].sort(),
    );
    // Accounts (3), regions (2), then per region its years, months and days: 4,700 days would be 4,700+ calls.
    expect(store.lists).toBeLessThan(40);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops at the budget of files and events and says why", async () => {
    const files = archiveBudget({ maxFiles: 2 });
    const listed = await listLogFiles({ location: location(), ...years, budget: files });
    expect(listed).toHaveLength(2);
    expect(files.exhausted).toMatch(/more than 2 log files/);
    // Each region is walked from its newest day: the older days of us-east-1 are not listed.
    expect(listed.map((f) => new Date(f.deliveredAt).toISOString()).sort()).toEqual([
      "2026-11-21T00:04:00.000Z",
      "2026-11-23T10:05:00.000Z",
    ]);

    const events = archiveBudget({ maxEvents: 1 });
    const { progress } = await readAll({ location: location(), ...years, budget: events, concurrency: 1 });
    expect(events.exhausted).toMatch(/more than 1 events/);
    expect(progress.at(-1)!.filesRead).toBeLessThan(progress.at(-1)!.filesListed);
  });
});
