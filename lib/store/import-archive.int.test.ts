import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { logFileKey } from "../trail-files/keys";
import { LocalObjectStore } from "../trail-files/local-store";
import type { ListOptions, ObjectStore } from "../trail-files/object-store";
import { createS3Client, S3ObjectStore } from "../trail-files/s3-store";
import { DEMO_ACCOUNTS, DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { normalizeRecord } from "../events/normalize";
import { startTestS3Server } from "../../test/support/s3-server";
import { uploadArchiveBucket } from "../../test/support/s3-upload";
import { readCoverage } from "./coverage";
import { importArchive, type ArchiveTarget } from "./import-archive";
import type { Store } from "./open-store";
import { openMemoryStore } from "../../test/support/store-dataset-events";
import { writeEvents } from "./write-events";

const HOUR = 3_600_000;
let dir: string;
let emulator: RunningEmulator;
let demo: ArchiveTarget;
let bucket: string;
/** Every record of every log file, read here independently of the importer: the oracle. */
let expected: {
  keys: Set<string>;
  logFiles: number;
  otherObjects: number;
  records: Record<string, unknown>[];
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-import-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 1500, seed: 11 });
  const local = new LocalObjectStore(path.join(dir, "archive"));
  bucket = (await readdir(path.join(dir, "archive"))).find((name) => !name.startsWith("."))!;
  demo = { store: local, bucket, prefix: "" };
  const records: Record<string, unknown>[] = [];
  let logFiles = 0;
  let otherObjects = 0;
  for await (const key of local.listKeys(bucket, { prefix: "AWSLogs/" })) {
    if (!key.includes("/CloudTrail/")) {
      otherObjects++;
      continue;
    }
    logFiles++;
    const body = (await local.getObject(bucket, key))!.body;
    records.push(
      ...(JSON.parse(gunzipSync(body).toString("utf8")) as { Records: Record<string, unknown>[] }).Records,
    );
  }
  const keys = new Set(records.map((r) => `${String(r.recipientAccountId)}/${String(r.eventID)}`));
  expected = { keys, logFiles, otherObjects, records };
}, 180_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let store: Store;
afterEach(() => store?.close());

async function storedKeys(s: Store): Promise<string[]> {
  const rows = await s.read(async (c) =>
    (await c.runAndReadAll("SELECT account_id || '/' || event_id FROM events")).getRows(),
  );
  return rows.map(([k]) => String(k)).sort();
}

/** An object store that fails, as a crash would, after `n` objects were fetched. */
class FailingAfter implements ObjectStore {
  fetched = 0;
  constructor(
    private readonly inner: ObjectStore,
    private readonly n: number,
  ) {}
  listKeys(b: string, o?: ListOptions) {
    return this.inner.listKeys(b, o);
  }
  listObjects(b: string, o?: ListOptions) {
    return this.inner.listObjects(b, o);
  }
  listFolders(b: string, p: string, s?: AbortSignal) {
    return this.inner.listFolders(b, p, s);
  }
  async getObject(b: string, k: string, s?: AbortSignal) {
    if (++this.fetched > this.n) throw new Error("connection reset (simulated crash)");
    return this.inner.getObject(b, k, s);
  }
  describe(b: string) {
    return this.inner.describe(b);
  }
}

describe("importArchive", () => {
  it("imports every record of every log file once, then skips every file on the second run", async () => {
    store = await openMemoryStore();
    const first = await importArchive(store, demo);
    expect(first.state).toBe("done");
    expect(first.filesListed).toBe(expected.logFiles);
    expect(first.filesImported).toBe(expected.logFiles);
    expect(first.otherObjects).toBe(expected.otherObjects);
    expect(first.filesUnusable + first.recordsUnusable).toBe(0);
    expect(first.eventsInserted).toBe(expected.keys.size);
    expect(first.eventsInserted + first.eventsAlreadyPresent).toBe(expected.records.length);
    expect(await storedKeys(store)).toEqual([...expected.keys].sort());
    // Data events exist only in the archive: they are stored too.
    const dataEvents = await store.read(async (c) =>
      (
        await c.runAndReadAll(
          "SELECT count(*) FROM events WHERE event_name = 'DeleteObject' AND origin = 'archive'",
        )
      ).getRows(),
    );
    expect(Number(dataEvents[0]![0])).toBeGreaterThan(0);

    const second = await importArchive(store, demo);
    expect(second).toMatchObject({
      state: "done",
      filesListed: expected.logFiles,
      filesSkipped: expected.logFiles,
      filesImported: 0,
      eventsInserted: 0,
      eventsAlreadyPresent: 0,
      bytesRead: 0,
    });
  }, 120_000);

  it("resumes after a crash mid-import and ends with exactly the archive's events", async () => {
    store = await openMemoryStore();
    const failing = new FailingAfter(demo.store, 700);
    const crashed = await importArchive(store, { ...demo, store: failing }, { concurrency: 3 });
    expect(crashed.state).toBe("failed");
    expect(crashed.error).toMatch(/simulated crash/);
    expect(crashed.coverage).toEqual([]);
    expect(crashed.filesImported).toBeGreaterThan(0);
    expect(crashed.filesImported).toBeLessThan(expected.logFiles);
    const partial = await storedKeys(store);
    expect(partial.length).toBeLessThan(expected.keys.size);

    const resumed = await importArchive(store, demo);
    expect(resumed.state).toBe("done");
    expect(resumed.filesSkipped).toBe(crashed.filesImported);
    expect(resumed.filesImported).toBe(expected.logFiles - crashed.filesImported);
    expect(await storedKeys(store)).toEqual([...expected.keys].sort());
    expect(resumed.eventsInserted).toBe(expected.keys.size - partial.length);
  }, 120_000);

  it("stores an event that Event history already gave once, keeping the history copy", async () => {
    store = await openMemoryStore();
    // What the LookupEvents path stores for the management events of the archive's first records.
    const management = expected.records.filter((r) => r.managementEvent !== false).slice(0, 100);
    expect(management).toHaveLength(100);
    const history = management.map((r) =>
      normalizeRecord(JSON.stringify(r), {
        accountId: String(r.recipientAccountId),
        region: String(r.awsRegion),
      }),
    );
    expect(await writeEvents(store, history, { origin: "history" })).toEqual({
      inserted: 100,
      alreadyPresent: 0,
      rejected: 0,
    });
    const result = await importArchive(store, demo);
    expect(result.eventsInserted).toBe(expected.keys.size - 100);
    expect(result.eventsAlreadyPresent).toBe(expected.records.length - expected.keys.size + 100);
    expect(await storedKeys(store)).toEqual([...expected.keys].sort());
    const origins = await store.read(async (c) =>
      (
        await c.runAndReadAll("SELECT origin, count(*) FROM events GROUP BY origin ORDER BY origin")
      ).getRows(),
    );
    expect(origins.map(([o, n]) => [o, Number(n)])).toEqual([
      ["archive", expected.keys.size - 100],
      ["history", 100],
    ]);
  }, 120_000);

  it("records as covered, per account and region, only what the whole listing vouches for", async () => {
    store = await openMemoryStore();
    const result = await importArchive(store, demo);
    const sources = new Set(
      expected.records.map((r) => `${String(r.recipientAccountId)}/${String(r.awsRegion)}`),
    );
    expect(result.coverage).toHaveLength(sources.size);
    for (const { account, region, start, end } of result.coverage) {
      const intervals = await store.read((c) => readCoverage(c, { origin: "archive", account, region }));
      expect(intervals).toEqual([{ start, end }]);
      expect(await store.read((c) => readCoverage(c, { origin: "history", account, region }))).toEqual([]);
      // Every record of the source within the covered interval is stored (the importer's promise).
      const inside = expected.records.filter((r) => {
        const t = Date.parse(String(r.eventTime));
        return r.recipientAccountId === account && r.awsRegion === region && t >= start && t <= end;
      });
      expect(inside.length).toBeGreaterThan(0);
      expect(end - start).toBeGreaterThan(24 * HOUR);
    }
  }, 120_000);

  it("imports the same archive from S3 (s3rver) and skips it by ETag the second time", async () => {
    const s3 = await startTestS3Server();
    try {
      const account = DEMO_ACCOUNTS[0]!.id;
      const client = createS3Client({
        region: "us-east-1",
        endpoint: s3.endpoint,
        credentials: { accessKeyId: demoAccessKeyId(account), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
      });
      await uploadArchiveBucket(demo.store as LocalObjectStore, bucket, client, {
        createBucket: true,
        prefix: "AWSLogs/",
      });
      store = await openMemoryStore();
      const target = { store: new S3ObjectStore(client), bucket, prefix: "" };
      const first = await importArchive(store, target);
      expect(first.error).toBeUndefined();
      expect(first.state).toBe("done");
      expect(first.filesImported).toBe(expected.logFiles);
      expect(await storedKeys(store)).toEqual([...expected.keys].sort());
      const second = await importArchive(store, target);
      expect(second).toMatchObject({ filesSkipped: expected.logFiles, filesImported: 0, eventsInserted: 0 });
    } finally {
      await s3.close();
    }
  }, 180_000);
});

describe("importArchive with unusable content", () => {
  const ACCOUNT = "123456789012";
  const T = Date.parse("2026-11-20T10:00:00Z");
  const record = (id: string, minutes: number, extra: Record<string, unknown> = {}) => ({
    eventVersion: "1.09",
    eventID: id,
    eventTime: new Date(T + minutes * 60_000).toISOString().replace(".000Z", "Z"),
    eventName: "PutObject",
    eventSource: "s3.amazonaws.com",
    awsRegion: "eu-west-1",
    recipientAccountId: ACCOUNT,
    ...extra,
  });
  let root: string;
  const put = async (s: LocalObjectStore, region: string, at: number, unique: string, body: Buffer) =>
    s.putObject("b", logFileKey({ prefix: "p", accountId: ACCOUNT, region }, new Date(at), unique), body);
  const json = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "trailscope-import-bad-"));
    const s = new LocalObjectStore(root);
    // eu-west-1: one good file, and files that cannot be used, each for its own reason.
    await put(s, "eu-west-1", T + 5 * 60_000, "good1", json({ Records: [record("a", 0), record("b", 1)] }));
    await put(
      s,
      "eu-west-1",
      T + 10 * 60_000,
      "mixed",
      json({ Records: [record("c", 6), record("", 7), "not a record", { eventName: "x" }] }),
    );
    await put(s, "eu-west-1", T + 15 * 60_000, "plain", Buffer.from('{"Records": []}'));
    await put(s, "eu-west-1", T + 20 * 60_000, "broken", gzipSync(Buffer.from('{"Records": [')));
    await put(s, "eu-west-1", T + 25 * 60_000, "other", json({ logFiles: [] }));
    await s.putObject("b", `p/AWSLogs/${ACCOUNT}/CloudTrail-Digest/eu-west-1/2026/11/20/x.json.gz`, json({}));
    // us-east-1: clean, over more than the late-delivery allowance, so it is covered.
    for (let h = 0; h < 5; h++) {
      await put(
        s,
        "us-east-1",
        T + h * HOUR,
        `u${h}`,
        json({ Records: [record(`u${h}`, h * 60 - 3, { awsRegion: "us-east-1" })] }),
      );
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("counts and names every unusable file and record, stores the rest, and claims no coverage over them", async () => {
    store = await openMemoryStore();
    const result = await importArchive(store, {
      store: new LocalObjectStore(root),
      bucket: "b",
      prefix: "p",
    });
    expect(result).toMatchObject({
      state: "done",
      filesListed: 10,
      filesImported: 7,
      filesUnusable: 3,
      otherObjects: 1,
      recordsUnusable: 3,
      eventsInserted: 8,
    });
    const reasons = Object.fromEntries(result.problems.map((p) => [p.key.split("_").pop(), p.reason]));
    expect(reasons).toEqual({
      "mixed.json.gz": expect.stringMatching(/^3 record\(s\) without an event ID/),
      "plain.json.gz": "not a gzip file",
      "broken.json.gz": expect.stringMatching(/^not JSON/),
      "other.json.gz": expect.stringMatching(/no "Records" array/),
    });
    expect((await storedKeys(store)).map((k) => k.split("/")[1])).toEqual(
      ["a", "b", "c", "u0", "u1", "u2", "u3", "u4"].sort(),
    );
    expect(result.coverage).toEqual([
      { account: ACCOUNT, region: "us-east-1", start: T, end: T + 4 * HOUR - 2 * HOUR },
    ]);
    // Unusable files are not remembered as imported: the next run reports them again.
    const again = await importArchive(store, { store: new LocalObjectStore(root), bucket: "b", prefix: "p" });
    expect(again).toMatchObject({ filesSkipped: 7, filesUnusable: 3, eventsInserted: 0 });
    // A file rewritten since (another size and modification time) is read again; its old events stay once.
    const s = new LocalObjectStore(root);
    await put(
      s,
      "eu-west-1",
      T + 5 * 60_000,
      "good1",
      json({ Records: [record("a", 0), record("b", 1), record("d", 2)] }),
    );
    const changed = await importArchive(store, { store: s, bucket: "b", prefix: "p" });
    expect(changed).toMatchObject({
      filesImported: 1,
      filesSkipped: 6,
      eventsInserted: 1,
      eventsAlreadyPresent: 2,
    });
  });
});
