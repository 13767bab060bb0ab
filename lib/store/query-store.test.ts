import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketEvents } from "@/lib/facets/activity-buckets";
import type { AuditEvent } from "@/lib/events/audit-event";
import { Prng } from "@/emulator/dataset/prng";
import { countFacets } from "@/lib/facets/facet-counts";
import { CLIENT_KINDS, IDENTITY_TYPES } from "@/lib/events/audit-event";
import { EVENT_KINDS } from "@/lib/events/event-kinds";
import { matchesQuery } from "@/lib/query/matcher";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import type { StoreCursor, StoreQuery } from "./compile-query";
import type { Store } from "./open-store";
import { queryStore } from "./query-store";
import { storeStats } from "./stats";
import { comparePageOrder, datasetEvents, openMemoryStore } from "../../test/support/store-dataset-events";
import { writeEvents } from "./write-events";

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;

/** Events the generator never makes: the matcher's case and address rules at their edges. */
function edgeEvents(): AuditEvent[] {
  const at = (i: number) => new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString().replace(".000Z", "Z");
  const base = (i: number, overrides: Partial<AuditEvent>) =>
    makeAuditEvent({ eventId: `edge-${i}`, eventTime: at(i), accountId: "123456789012", ...overrides });
  return [
    base(0, { sourceIPAddress: "2001:db8::17" }),
    base(1, { sourceIPAddress: "::ffff:198.51.100.9" }),
    base(2, { sourceIPAddress: "198.51.100.200" }),
    base(3, { sourceIPAddress: "\u212Ams.amazonaws.com" }),
    base(4, { sourceIPAddress: "EC2.AMAZONAWS.COM", errorCode: "ΑΣ", username: "İstanbul" }),
    base(5, { errorCode: "", userAgent: "ΟΔΟΣ agent", raw: { note: 'quote " and \\ backslash' } }),
    base(6, { sourceIPAddress: "198.51.100.9/8", resources: [{ type: null, name: "r" }] }),
    // Same time as edge-0: the tie-break on account, region and event ID decides the order.
    base(7, { eventTime: at(0), awsRegion: "eu-west-1" }),
    base(8, { eventTime: at(0), accountId: "999999999999" }),
  ];
}

function sample<T>(rng: Prng, items: readonly T[], max: number): T[] {
  const n = rng.int(1, Math.min(max, items.length));
  return Array.from({ length: n }, () => rng.pick(items));
}

function randomCase(rng: Prng, text: string): string {
  return [...text].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join("");
}

function substring(rng: Prng, text: string): string {
  const from = rng.int(0, Math.max(0, text.length - 1));
  return text.slice(from, from + rng.int(1, 12)) || text;
}

/** A random query over values the events really have, so most filters select something. */
function randomQuery(rng: Prng, events: readonly AuditEvent[]): StoreQuery {
  // Most values come from one event, so combined filters still select something.
  const anchor = rng.pick(events);
  const e = () => (rng.chance(0.8) ? anchor : rng.pick(events));
  const anchorTime = Date.parse(anchor.eventTime);
  const end = rng.chance(0.8) ? Math.min(NOW.getTime(), anchorTime + rng.int(0, 2 * DAY)) : NOW.getTime();
  const start = end - rng.pick([DAY, 7 * DAY, 30 * DAY, 90 * DAY]);
  const query: StoreQuery = {
    start: new Date(start),
    end: new Date(end),
    readOnly: rng.chance(0.6)
      ? (String(anchor.readOnly) as "true" | "false")
      : rng.pick(["false", "true", "all"] as const),
  };
  const filters: (() => void)[] = [
    () => (query.eventName = e().eventName),
    () => (query.eventSource = e().eventSource),
    () => (query.username = e().username ?? "nobody"),
    () => (query.eventId = e().eventId),
    () => (query.accessKeyId = e().accessKeyId ?? "AKIA0"),
    () => (query.resourceName = rng.pick([...e().resources, { name: "none" }]).name),
    () => (query.resourceType = rng.pick([...e().resources, { type: "AWS::S3::Bucket" }]).type ?? "none"),
    () => (query.region = sample(rng, ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"], 3)),
    () => (query.account = sample(rng, [...new Set(events.map((x) => x.accountId))], 2)),
    () => (query.errors = rng.pick(["only", "exclude"] as const)),
    () => (query.errorCode = [randomCase(rng, e().errorCode ?? "AccessDenied"), "ThrottlingException"]),
    () =>
      (query.sourceIp = rng.pick([
        `${e().sourceIPAddress ?? "10.0.0.1"}`,
        `${(e().sourceIPAddress ?? "10.0.0.1").split(".").slice(0, 2).join(".")}.0.0/${rng.pick([8, 12, 16])}`,
        "198.51.100.0/24",
        "::ffff:198.51.100.0/120",
        "2001:db8::/32",
        "::/0",
        "0.0.0.0/0",
        "KMS.amazonaws.com",
        "ec2.amazonaws.com",
        "not an address",
      ])),
    () => (query.client = sample(rng, CLIENT_KINDS, 3)),
    () => (query.identityType = sample(rng, IDENTITY_TYPES, 4)),
    () => (query.kind = sample(rng, EVENT_KINDS, 2)),
    () =>
      (query.q = rng.pick([
        randomCase(rng, substring(rng, e().eventName)),
        randomCase(rng, substring(rng, e().who.display)),
        randomCase(rng, substring(rng, JSON.stringify(e().raw))),
        randomCase(rng, substring(rng, e().userAgent ?? "aws-cli")),
        "ας",
        "i̇stanbul",
        '"',
        'quote "',
        "\\",
      ])),
  ];
  for (const add of filters) if (rng.chance(0.18)) add();
  return query;
}

function expected(events: readonly AuditEvent[], query: StoreQuery): AuditEvent[] {
  const [start, end] = [query.start.getTime(), query.end.getTime()];
  return events
    .filter((e) => {
      const t = Date.parse(e.eventTime);
      return t >= start && t <= end && matchesQuery(e, query);
    })
    .sort(comparePageOrder);
}

const ids = (events: readonly AuditEvent[]) =>
  events.map((e) => `${e.accountId}/${e.awsRegion}/${e.eventId}`);

describe("the store's answers equal the matcher's", () => {
  const events = [...datasetEvents({ now: NOW, eventCount: 3000, seed: 7 }), ...edgeEvents()];
  let store: Store;

  beforeAll(async () => {
    store = await openMemoryStore();
    const result = await writeEvents(store, events, { origin: "history" });
    expect(result).toEqual({ inserted: events.length, alreadyPresent: 0, rejected: 0 });
  });
  afterAll(() => store.close());

  it("for 400 random filter combinations: the same events, in the same order", async () => {
    const rng = new Prng(2026);
    let nonEmpty = 0;
    for (let round = 0; round < 400; round++) {
      const query = randomQuery(rng, events);
      const want = expected(events, query);
      const { events: got, next } = await queryStore(store, query, { limit: events.length });
      expect(next).toBeUndefined();
      expect(ids(got), JSON.stringify(query)).toEqual(ids(want));
      if (want.length > 0) nonEmpty++;
      if (round % 4 === 0) {
        // A few keyset pages each: the same events, whatever the page size.
        const limit = Math.max(1, Math.ceil(want.length / 4)) + rng.int(0, 3);
        const paged: AuditEvent[] = [];
        let cursor: StoreCursor | undefined;
        do {
          const page = await queryStore(store, query, { limit, cursor });
          expect(page.events.length).toBeLessThanOrEqual(limit);
          paged.push(...page.events);
          cursor = page.next;
        } while (cursor);
        expect(ids(paged), `${JSON.stringify(query)} by ${limit}`).toEqual(ids(want));
      }
    }
    // The combinations must exercise real matches, not only empty answers.
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it("hands back each event exactly as it was written, raw record included, with its origin", async () => {
    const query: StoreQuery = { start: new Date(0), end: NOW, readOnly: "all" };
    const { events: got } = await queryStore(store, query, { limit: events.length });
    expect(got).toEqual([...events].sort(comparePageOrder).map((e) => ({ ...e, origin: "history" })));
  });

  it("pages by keyset without skipping or repeating, ties on the same second included", async () => {
    const query: StoreQuery = { start: new Date(NOW.getTime() - 30 * DAY), end: NOW, readOnly: "all" };
    const pages: AuditEvent[] = [];
    let cursor: StoreCursor | undefined;
    let count = 0;
    do {
      const page = await queryStore(store, query, { limit: 97, cursor });
      pages.push(...page.events);
      cursor = page.next;
      count++;
    } while (cursor);
    expect(count).toBeGreaterThan(3);
    expect(ids(pages)).toEqual(ids(expected(events, query)));
    const tied = pages.filter((e) => e.eventTime === edgeEvents()[0]!.eventTime).map((e) => e.eventId);
    expect(tied).toEqual(["edge-8", "edge-0", "edge-7"]);
  });

  it("whole-window facets and histogram equal countFacets and the chart's buckets", async () => {
    const rng = new Prng(99);
    for (let round = 0; round < 25; round++) {
      const query = randomQuery(rng, events);
      const interval = rng.pick([3_600_000, 6 * 3_600_000, DAY]);
      const matching = expected(events, query);
      const stats = await storeStats(store, query, { interval, top: 5 });
      expect(stats.total).toBe(matching.length);
      for (const facet of countFacets(matching, { top: 5 })) {
        expect(stats.facets[facet.facet.id], facet.facet.id).toEqual(facet.top);
      }
      const window = { start: query.start.getTime(), end: query.end.getTime() };
      const chart = bucketEvents(matching, window, interval);
      expect(stats.histogram).toEqual(
        chart.buckets.map(({ start, reads, writes, errors }) => ({ start, reads, writes, errors })),
      );
    }
  });

  it("refuses a histogram of absurdly many buckets instead of allocating them", async () => {
    const query: StoreQuery = { start: new Date(0), end: NOW, readOnly: "all" };
    await expect(storeStats(store, query, { interval: 1000 })).rejects.toThrow(RangeError);
  });
});
