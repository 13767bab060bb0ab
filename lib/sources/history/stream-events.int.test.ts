import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { FaultInjector } from "../../../emulator/faults";
import type { EmulatorPlugin } from "../../../emulator/plugin";
import { InputError } from "../../events/errors";
import { HISTORY_MS, parseEventQuery, type EventQuery } from "../../query/event-query";
import { matchesQuery } from "../../query/matcher";
import { findEventById, lookupPages, streamEvents } from "./index";
import { collect, storeEvents } from "../../../test/support/emulator-fixture";
import { eventKey } from "../../shared/event-keys";
import type { AuditEvent } from "../../events/audit-event";

/**
 * Integration: the real emulator over HTTP, through the real SDK. The brute-force answer is the
 * emulator's own store filtered by the matcher.
 */

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const window = { start: new Date(now.getTime() - HISTORY_MS), end: now };
const faults = new FaultInjector();
/** LookupEvents requests the emulator has received; runs before the fault injector sees them. */
const lookups = {
  count: 0,
  onRequest: undefined as (() => void) | undefined,
};
const lookupCounter: EmulatorPlugin = {
  name: "lookup-counter",
  intercept: ({ operation }) => {
    if (operation === "LookupEvents") {
      lookups.count += 1;
      lookups.onRequest?.();
    }
    return false;
  },
};
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now, eventCount: 2500, rate: 200, plugins: [lookupCounter, faults] });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
      TRAILSCOPE_RATE: "100",
      TRAILSCOPE_MAX_ATTEMPTS: "4",
    }),
  );
});
afterAll(() => setSettingsForTest(undefined));
afterAll(() => emulator.close());
afterEach(() => faults.clear());

function query(params: Record<string, string>): EventQuery {
  const parsed = parseEventQuery(
    new URLSearchParams({
      start: window.start.toISOString(),
      end: window.end.toISOString(),
      readOnly: "all",
      limit: "100000",
      ...params,
    }),
    now,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

const byTime = (events: AuditEvent[]) => events.map((e) => Date.parse(e.eventTime));
const sortedKeys = (events: AuditEvent[]) => events.map(eventKey).sort();

function expectNewestFirst(events: AuditEvent[]) {
  const times = byTime(events);
  for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
}

describe("streamEvents against the emulator", () => {
  it("returns every event of every account and region, newest first, exactly once", async () => {
    const { events, done, messages } = await collect(streamEvents(query({})));
    const expected = storeEvents(emulator.store, window);
    expect(expected.length).toBeGreaterThan(2000);
    expect(events).toHaveLength(expected.length);
    expect(new Set(events.map(eventKey)).size).toBe(events.length);
    expect(sortedKeys(events)).toEqual(sortedKeys(expected));
    expectNewestFirst(events);
    expect(done).toMatchObject({ complete: true, truncated: false, cursor: null });
    expect(done.sources).toHaveLength(9);
    expect(done.sources.every((s) => s.state === "done")).toBe(true);
    expect(messages[0]?.type).toBe("meta");
    expect(messages.some((m) => m.type === "progress")).toBe(true);
  });

  it("pages through everything with a small limit and cursors, matching one uncut answer event for event", async () => {
    const full = (await collect(streamEvents(query({ readOnly: "false" })))).events;
    const paged: AuditEvent[] = [];
    let cursor: string | undefined;
    let rounds = 0;
    do {
      const { events, done } = await collect(
        streamEvents(query({ readOnly: "false", limit: "37" }), { cursor }),
      );
      expect(events.length).toBeLessThanOrEqual(37);
      paged.push(...events);
      cursor = done.cursor ?? undefined;
      if (cursor) expect(done).toMatchObject({ truncated: true, complete: false });
      else expect(done).toMatchObject({ complete: true });
      rounds++;
    } while (cursor && rounds < 500);
    expect(rounds).toBeGreaterThan(10);
    expect(paged.map(eventKey)).toEqual(full.map(eventKey));
    const expected = storeEvents(emulator.store, window).filter((e) => !e.readOnly);
    expect(sortedKeys(paged)).toEqual(sortedKeys(expected));
  });

  it("keeps pages exact when the limit ends inside a filtered page and filters skip most events", async () => {
    const q = { errors: "only", limit: "3" };
    const expected = storeEvents(emulator.store, window).filter((e) => matchesQuery(e, query(q)));
    expect(expected.length).toBeGreaterThan(5);
    const paged: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const { events, done } = await collect(streamEvents(query(q), { cursor }));
      paged.push(...events);
      cursor = done.cursor ?? undefined;
    } while (cursor);
    expect(sortedKeys(paged)).toEqual(sortedKeys(expected));
    expect(new Set(paged.map(eventKey)).size).toBe(paged.length);
  });

  const sample = () => {
    const all = storeEvents(emulator.store, window);
    const withResource = all.find((e) => e.resources.length > 0 && !e.readOnly)!;
    const withKey = all.find((e) => e.accessKeyId && e.username)!;
    return { all, withResource, withKey };
  };

  it("sends the most selective filter to LookupEvents and applies the rest on the server, as brute force does", async () => {
    const { all, withResource, withKey } = sample();
    const cases: { params: Record<string, string>; lookup: string | null; server: string[] }[] = [
      {
        params: { eventId: withKey.eventId, eventName: withKey.eventName },
        lookup: "eventId",
        server: ["eventName"],
      },
      {
        params: { accessKeyId: withKey.accessKeyId!, readOnly: "true" },
        lookup: "accessKeyId",
        server: ["readOnly"],
      },
      {
        params: { resourceName: withResource.resources[0]!.name, username: withResource.username ?? "x" },
        lookup: "resourceName",
        server: ["username"],
      },
      {
        params: { username: withKey.username!, eventSource: withKey.eventSource },
        lookup: "username",
        server: ["eventSource"],
      },
      { params: { eventName: "ConsoleLogin" }, lookup: "eventName", server: [] },
      {
        params: { eventSource: "iam.amazonaws.com", readOnly: "false", errors: "exclude" },
        lookup: "eventSource",
        server: ["readOnly", "errors"],
      },
      {
        params: { resourceType: withResource.resources[0]!.type ?? "AWS::S3::Bucket", readOnly: "false" },
        lookup: "resourceType",
        server: ["readOnly"],
      },
      {
        params: { readOnly: "false", client: "console,terraform", identityType: "AssumedRole" },
        lookup: "readOnly",
        server: ["client", "identityType"],
      },
      { params: { sourceIp: "203.0.113.0/24", q: "describe" }, lookup: null, server: ["sourceIp", "q"] },
      { params: { errorCode: "AccessDenied" }, lookup: null, server: ["errorCode"] },
    ];
    for (const { params, lookup, server } of cases) {
      const q = query(params);
      const { events, messages } = await collect(streamEvents(q));
      const meta = messages[0];
      expect(meta?.type === "meta" && meta.plan.lookup?.param).toBe(lookup ?? undefined);
      if (meta?.type === "meta") expect(meta.plan.serverFilters).toEqual(server);
      const expected = all.filter((e) => matchesQuery(e, q));
      expect(expected.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(sortedKeys(events), JSON.stringify(params)).toEqual(sortedKeys(expected));
    }
  });

  it("reads only the accounts and regions asked for", async () => {
    const q = query({ account: "444455556666", region: "us-east-1,eu-west-1", readOnly: "false" });
    const { events, done } = await collect(streamEvents(q));
    expect(done.sources.map((s) => `${s.accountId}/${s.region}`)).toEqual([
      "444455556666/us-east-1",
      "444455556666/eu-west-1",
    ]);
    const expected = storeEvents(emulator.store, window, [
      { accountId: "444455556666", region: "us-east-1" },
      { accountId: "444455556666", region: "eu-west-1" },
    ]).filter((e) => !e.readOnly);
    expect(sortedKeys(events)).toEqual(sortedKeys(expected));
  });

  it("rejects unknown accounts and regions, and cursors of another query", async () => {
    await expect(collect(streamEvents(query({ account: "123456789012" })))).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(collect(streamEvents(query({ region: "ap-south-1" })))).rejects.toThrow(
      /region: ap-south-1 is not configured/,
    );
    const { done } = await collect(streamEvents(query({ limit: "5" })));
    expect(done.cursor).toBeTruthy();
    await expect(
      collect(streamEvents(query({ limit: "5", eventName: "RunInstances" }), { cursor: done.cursor! })),
    ).rejects.toThrow(/cursor: belongs to a different query/);
    await expect(collect(streamEvents(query({}), { cursor: "not-a-cursor" }))).rejects.toThrow(/cursor/);
    const forged = Buffer.from(JSON.stringify({ v: 1, w: [0, 1], f: "0123456789abcdef", s: [] })).toString(
      "base64url",
    );
    // Unsigned, so not read at all: its fingerprint and window are never trusted.
    await expect(collect(streamEvents(query({}), { cursor: forged }))).rejects.toThrow(
      /^cursor: is not a Trailscope cursor/,
    );
  });

  it("retries throttling without losing or repeating events, and counts every call", async () => {
    faults.set([
      {
        account: "111122223333",
        region: "us-east-1",
        operation: "LookupEvents",
        fault: "throttle",
        after: 1,
        times: 2,
      },
    ]);
    const { events, done } = await collect(streamEvents(query({ readOnly: "false" })));
    const expected = storeEvents(emulator.store, window).filter((e) => !e.readOnly);
    expect(sortedKeys(events)).toEqual(sortedKeys(expected));
    const pages = done.sources.reduce((n, s) => n + s.pages, 0);
    expect(done.apiCalls).toBe(pages + 2);
    expect(done.complete).toBe(true);
  });

  it("reports a failing source with a hint while the others' events still arrive, and the cursor retries it", async () => {
    faults.set([{ account: "777788889999", region: "eu-west-1", operation: "LookupEvents", fault: "500" }]);
    const q = query({ readOnly: "false" });
    const first = await collect(streamEvents(q));
    const failed = first.done.sources.find((s) => s.accountId === "777788889999" && s.region === "eu-west-1");
    expect(failed).toMatchObject({ state: "failed", pages: 0, error: { code: "InternalFailure" } });
    expect(failed?.error?.hint).toBeTruthy();
    expect(first.done).toMatchObject({ complete: false, truncated: false });
    const others = storeEvents(emulator.store, window).filter(
      (e) => !e.readOnly && !(e.accountId === "777788889999" && e.awsRegion === "eu-west-1"),
    );
    expect(sortedKeys(first.events)).toEqual(sortedKeys(others));
    expect(first.done.cursor).toBeTruthy();

    faults.clear();
    const retry = await collect(streamEvents(q, { cursor: first.done.cursor! }));
    const missing = storeEvents(emulator.store, window, [
      { accountId: "777788889999", region: "eu-west-1" },
    ]).filter((e) => !e.readOnly);
    expect(sortedKeys(retry.events)).toEqual(sortedKeys(missing));
    expect(retry.done.complete).toBe(true);
  });

  it("stops fetching when cancelled", async () => {
    faults.set([{ operation: "LookupEvents", fault: "slow", delayMs: 400 }]);
    const controller = new AbortController();
    const before = lookups.count;
    // Cancel while the first pages are still on their way (each answer is 400 ms late).
    lookups.onRequest = () => controller.abort();
    try {
      const { done } = await collect(streamEvents(query({}), { signal: controller.signal }));
      // Each source sent at most its first request: none asked for a page after the cancel.
      expect(lookups.count - before).toBeGreaterThan(0);
      expect(lookups.count - before).toBeLessThanOrEqual(done.sources.length);
      expect(done.complete).toBe(false);
      expect(done.cursor).toBeNull();
      expect(done.sources.every((s) => s.state === "cancelled")).toBe(true);
    } finally {
      lookups.onRequest = undefined;
    }
  });
});

describe("per-source lookups", () => {
  it("lookupPages walks one source's pages with a lookup attribute", async () => {
    const source = {
      account: { id: "111122223333", name: "management", credentials: {} },
      region: "us-east-1",
    };
    const events: AuditEvent[] = [];
    let pages = 0;
    for await (const page of lookupPages(source, {
      attribute: { key: "ReadOnly", value: "false" },
      ...window,
    })) {
      events.push(...page.events);
      pages++;
    }
    const expected = storeEvents(emulator.store, window, [
      { accountId: "111122223333", region: "us-east-1" },
    ]).filter((e) => !e.readOnly);
    expect(events.map(eventKey)).toEqual(expected.map(eventKey));
    expect(pages).toBe(Math.ceil(expected.length / 50));
  });

  it("findEventById finds an event in any source, and null for an unknown ID", async () => {
    const target = storeEvents(emulator.store, window, [
      { accountId: "777788889999", region: "us-west-2" },
    ])[3]!;
    const found = await findEventById(target.eventId);
    expect(found && eventKey(found)).toBe(eventKey(target));
    expect(found?.who.display).toBe(target.who.display);
    expect(await findEventById(target.eventId, { accounts: ["111122223333"] })).toBeNull();
    expect(await findEventById("00000000-0000-0000-0000-000000000000")).toBeNull();
  });
});
