import { afterEach, describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { readCoverage, type CoverageSource } from "./coverage";
import { StoreError } from "./errors";
import type { Store } from "./open-store";
import { queryStore } from "./query-store";
import { openMemoryStore } from "../../test/support/store-dataset-events";
import { isImported, writeArchiveFiles, writeEvents } from "./write-events";

const SOURCE: CoverageSource = { origin: "history", account: "111122223333", region: "us-east-1" };
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-25T00:00:00Z");
const ALL = { start: new Date(T0 - 100 * HOUR), end: new Date(T0 + 100 * HOUR), readOnly: "all" } as const;

const event = (i: number, overrides = {}) =>
  makeAuditEvent({
    eventId: `event-${i}`,
    eventTime: new Date(T0 + i * 60_000).toISOString().replace(".000Z", "Z"),
    ...overrides,
  });

let store: Store;
afterEach(() => store.close());

const stored = async () => (await queryStore(store, ALL, { limit: 1000 })).events;
const coverage = () => store.read((c) => readCoverage(c, SOURCE));

describe("writeEvents", () => {
  it("counts inserted and already-present events, and stores an overlapping re-read once", async () => {
    store = await openMemoryStore();
    const first = Array.from({ length: 250 }, (_, i) => event(i));
    expect(await writeEvents(store, first, { origin: "history" })).toEqual({
      inserted: 250,
      alreadyPresent: 0,
      rejected: 0,
    });
    // A refresh re-reads the last minutes (Event history's lag): the overlap must not duplicate.
    const refresh = Array.from({ length: 100 }, (_, i) => event(200 + i));
    expect(await writeEvents(store, [...refresh, refresh[0]!], { origin: "history" })).toEqual({
      inserted: 50,
      alreadyPresent: 51,
      rejected: 0,
    });
    expect((await stored()).map((e) => e.eventId).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `event-${i}`).sort(),
    );
  });

  it("stores an event once across Event history and the archive, keyed by (account, eventId)", async () => {
    store = await openMemoryStore();
    await writeEvents(store, [event(1)], { origin: "archive", archiveKey: "AWSLogs/111122223333/x.json.gz" });
    // The same event seen in another region's history (a global service) is still the same event.
    const again = await writeEvents(store, [event(1), event(1, { awsRegion: "eu-west-1" }), event(2)], {
      origin: "history",
    });
    expect(again).toEqual({ inserted: 1, alreadyPresent: 2, rejected: 0 });
    const rows = await store.read(async (c) =>
      (await c.runAndReadAll("SELECT event_id, origin, archive_key FROM events ORDER BY event_id")).getRows(),
    );
    expect(rows).toEqual([
      ["event-1", "archive", "AWSLogs/111122223333/x.json.gz"],
      ["event-2", "history", null],
    ]);
  });

  it("adds Event history's resources to an event first stored from the archive, keeping its record", async () => {
    store = await openMemoryStore();
    const role = "arn:aws:iam::111122223333:role/deployer";
    const archived = event(1, {
      resources: [{ type: "AWS::IAM::Role", name: role }],
      raw: { eventID: "event-1", from: "the log file" },
    });
    await writeEvents(store, [archived], { origin: "archive", archiveKey: "AWSLogs/111122223333/x.json.gz" });
    const byName = async (resourceName: string) =>
      (await queryStore(store, { ...ALL, resourceName }, { limit: 10 })).events.map((e) => e.eventId);
    expect(await byName("deployer")).toEqual([]);

    // LookupEvents names the role by its name too (and the ARN the record has).
    const history = event(1, {
      resources: [
        { type: "AWS::IAM::Role", name: "deployer" },
        { type: "AWS::IAM::Role", name: role },
      ],
      raw: { eventID: "event-1", from: "Event history" },
    });
    for (let round = 0; round < 2; round++) {
      expect(await writeEvents(store, [history, event(2)], { origin: "history" })).toMatchObject({
        alreadyPresent: 1 + round,
      });
      expect(await byName("deployer")).toEqual(["event-1"]);
      expect(await byName(role)).toEqual(["event-1"]);
      const [kept] = (await queryStore(store, { ...ALL, eventId: "event-1" }, { limit: 10 })).events;
      expect(kept).toEqual({
        ...archived,
        origin: "archive",
        resources: [
          { type: "AWS::IAM::Role", name: role },
          { type: "AWS::IAM::Role", name: "deployer" },
        ],
      });
    }
    // The names count in free text as the event's other fields do.
    expect(
      (await queryStore(store, { ...ALL, q: "DEPLOYER" }, { limit: 10 })).events.map((e) => e.eventId),
    ).toEqual(["event-1"]);
  });

  it("rejects events it cannot key or place in time, and stores the rest", async () => {
    store = await openMemoryStore();
    const result = await writeEvents(
      store,
      [event(1), event(2, { eventId: "" }), event(3, { eventTime: "" })],
      {
        origin: "history",
      },
    );
    expect(result).toEqual({ inserted: 1, alreadyPresent: 0, rejected: 2 });
  });

  it("records coverage with the events of a complete read, in one transaction", async () => {
    store = await openMemoryStore();
    const interval = { start: T0, end: T0 + HOUR };
    await writeEvents(store, [event(1), event(2)], {
      origin: "history",
      coverage: { source: SOURCE, interval },
    });
    expect(await coverage()).toEqual([interval]);
    // An empty complete read covers its interval too: nothing happened then.
    await writeEvents(store, [], {
      origin: "history",
      coverage: { source: SOURCE, interval: { start: T0 + HOUR + 1, end: T0 + 2 * HOUR } },
    });
    expect(await coverage()).toEqual([{ start: T0, end: T0 + 2 * HOUR }]);
  });

  it("writes nothing, events or coverage, when the batch cannot be a complete read of its interval", async () => {
    store = await openMemoryStore();
    const interval = { start: T0, end: T0 + HOUR };
    const bad = [
      [event(1), event(2, { eventTime: "" })],
      [event(1), event(200)],
      [event(1), event(2, { awsRegion: "eu-west-1" })],
    ];
    for (const events of bad) {
      await expect(
        writeEvents(store, events, { origin: "history", coverage: { source: SOURCE, interval } }),
      ).rejects.toBeInstanceOf(StoreError);
    }
    await expect(
      writeEvents(store, [event(1)], {
        origin: "history",
        coverage: { source: { ...SOURCE, origin: "archive" }, interval },
      }),
    ).rejects.toThrow(/coverage of archive given for history events/);
    expect(await stored()).toEqual([]);
    expect(await coverage()).toEqual([]);
  });

  it("rolls back the events when recording coverage fails inside the transaction", async () => {
    store = await openMemoryStore();
    // With the coverage table gone, recording fails after the events were inserted in the same transaction.
    await store.write((c) => c.run("ALTER TABLE coverage RENAME TO coverage_gone"));
    await expect(
      writeEvents(store, [event(1)], {
        origin: "history",
        coverage: { source: SOURCE, interval: { start: T0, end: T0 + HOUR } },
      }),
    ).rejects.toThrow();
    expect(await stored()).toEqual([]);
  });

  it("remembers a whole imported file by key, ETag and size", async () => {
    store = await openMemoryStore();
    const file = {
      key: "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/25/a.json.gz",
      etag: '"e1"',
      size: 812,
    };
    expect(await isImported(store, file)).toBe(false);
    expect(await writeArchiveFiles(store, [{ file, events: [event(1), event(1)] }])).toEqual({
      inserted: 1,
      alreadyPresent: 1,
      rejected: 0,
    });
    expect(await isImported(store, file)).toBe(true);
    expect(await isImported(store, { ...file, etag: '"e2"' })).toBe(false);
    expect(await isImported(store, { ...file, size: 813 })).toBe(false);
  });

  it("serializes concurrent writers and keeps readers answering meanwhile", async () => {
    store = await openMemoryStore();
    const writes = Array.from({ length: 8 }, (_, w) =>
      writeEvents(
        store,
        Array.from({ length: 50 }, (_, i) => event(w * 40 + i)),
        { origin: "history" },
      ),
    );
    const reads = Array.from({ length: 8 }, () => stored());
    const results = await Promise.all(writes);
    await Promise.all(reads);
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(7 * 40 + 50);
    expect(results.reduce((n, r) => n + r.inserted + r.alreadyPresent, 0)).toBe(400);
    expect(await stored()).toHaveLength(330);
  });
});
