import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventColumns } from "@/components/events/event-columns";
import type { AuditEvent } from "@/lib/events/audit-event";
import { CSV_COLUMNS, csvHeaderLine } from "@/lib/export/csv";
import { FACETS, countFacets } from "@/lib/facets/facet-counts";
import { compileWhere } from "@/lib/store/compile-query";
import type { Store } from "@/lib/store/open-store";
import { queryStore } from "@/lib/store/query-store";
import { storeStats } from "@/lib/store/stats";
import { writeEvents } from "@/lib/store/write-events";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { openMemoryStore } from "@/test/support/store-dataset-events";
import { eventQuerySchema, parseEventQuery, type EventQuery } from "./event-query";
import { FIELDS, VALUE_FILTERS, filterChips, freeTextFields, type FieldDefinition } from "./fields";
import { matchesQuery } from "./matcher";
import { filterKeys, parsePageState, viewKeys } from "./url-state";

/**
 * Every registry entry is wired everywhere it says it is: the table, the CSV, the facets (in memory and
 * in the store), the URL parser, the filter bar and free-text search. A new entry is checked by these
 * tests without touching them.
 */

const NOW = new Date("2026-11-25T12:00:00Z");
const fields: readonly FieldDefinition[] = FIELDS;

/** Every text field holds a value no other field holds, and the raw record holds none of them. */
const event: AuditEvent = makeAuditEvent({
  eventId: "v-event-id",
  eventTime: "2026-11-25T10:00:00Z",
  eventName: "v-event-name",
  eventSource: "v-event-source.amazonaws.com",
  awsRegion: "eu-west-3",
  accountId: "444455556666",
  readOnly: true,
  username: "v-username",
  who: {
    type: "AssumedRole",
    arn: "arn:aws:sts::444455556666:assumed-role/v-role/v-session",
    accountId: "444455556666",
    display: "v-who",
    invokedBy: null,
    chain: [],
  },
  sourceIPAddress: "198.51.100.23",
  userAgent: "v-user-agent",
  client: "terraform",
  errorCode: "v-error-code",
  errorMessage: "v-error-message",
  resources: [{ type: "v-resource-type", name: "v-resource-name" }],
  accessKeyId: "v-access-key",
  requestId: "v-request-id",
  raw: {},
});

const parse = (search: string): EventQuery => {
  const parsed = parseEventQuery(new URLSearchParams(search), NOW);
  if (!parsed.ok) throw new Error(`${search}: ${JSON.stringify(parsed.issues)}`);
  return parsed.query;
};
const window = "start=2026-11-25T00:00:00Z&end=2026-11-25T12:00:00Z";

let store: Store;
beforeAll(async () => {
  store = await openMemoryStore();
  await writeEvents(store, [event, makeAuditEvent({ eventId: "other", eventTime: event.eventTime })], {
    origin: "history",
  });
});
afterAll(async () => {
  await store?.close();
});

/** The entries that have an aspect, as `[id, entry]` rows for `it.each`. */
const withAspect = (has: (field: FieldDefinition) => unknown) =>
  fields.filter((f) => has(f)).map((f) => [f.id, f] as const);

describe("every registry entry", () => {
  it.each(withAspect((f) => f.column))(
    "%s is a table column with its label, and a columns= and sort= value",
    (id, field) => {
      const column = eventColumns.find((c) => c.id === id);
      expect(column?.header).toBe(field.label);
      const page = parsePageState(new URLSearchParams(`columns=${id}&sort=${id}.asc`));
      expect(page).toMatchObject({ ok: true, page: { columns: [id], sort: { column: id, desc: false } } });
    },
  );

  it.each(withAspect((f) => f.csv))("%s is a CSV column holding the field's value", (id, field) => {
    const index = CSV_COLUMNS.findIndex((c) => c.header === field.csv?.header);
    const column = CSV_COLUMNS[index];
    expect(column).toBeDefined();
    const cell = column?.value(event);
    expect(cell).toBe(field.csv?.value ? field.csv.value(event) : (field.value?.(event) ?? ""));
    expect(cell).not.toBe("");
  });

  it.each(withAspect((f) => f.filter))(
    "%s is a URL parameter the validator names when its value is bad",
    (id) => {
      expect(Object.keys(eventQuerySchema.shape)).toContain(id);
      expect(Object.keys(filterKeys)).toContain(id);
      expect(Object.keys(viewKeys)).toContain(id);
      const bad = parseEventQuery(new URLSearchParams(`${id}=${"x".repeat(2001)}`), NOW);
      expect(bad.ok).toBe(false);
      expect(!bad.ok && [...new Set(bad.issues.map((i) => i.param))]).toEqual([id]);
    },
  );

  it.each(withAspect((f) => f.filter && f.filter.chip !== false))(
    "%s shows as a chip with its label",
    (id, field) => {
      expect(filterChips([[id, "v"]])).toEqual([{ param: id, label: field.label, value: "v" }]);
    },
  );

  it.each(withAspect((f) => f.filter?.example))(
    "%s is offered in the filter bar with an example the URL parser accepts",
    (id, field) => {
      expect(VALUE_FILTERS.find((f) => f.param === id)).toMatchObject({ label: field.label });
      expect(parseEventQuery(new URLSearchParams(`${id}=${field.filter?.example}`), NOW).ok).toBe(true);
    },
  );

  it.each(withAspect((f) => f.filter && f.value))(
    "%s selects the event by its value, in the matcher and in the store's SQL",
    async (id, field) => {
      const value = field.value?.(event) ?? "";
      const search = new URLSearchParams(`${window}&readOnly=all`);
      search.set(id, value);
      const query = parse(search.toString());
      expect(matchesQuery(event, query)).toBe(true);
      const found = await queryStore(store, query, { limit: 10 });
      expect(found.events.map((e) => e.eventId)).toEqual([event.eventId]);
      expect(compileWhere(query).sql).not.toBe(compileWhere(parse(`${window}&readOnly=all`)).sql);
    },
  );

  it.each(withAspect((f) => f.facet))(
    "%s is a facet counted the same in memory and by the store",
    async (id, field) => {
      const facet = FACETS.find((f) => f.id === id);
      expect(facet).toMatchObject({ label: field.label, param: id });
      const inMemory = countFacets([event], { facets: facet ? [facet] : [] })[0]?.top;
      expect(inMemory).toEqual([{ value: field.value?.(event), count: 1 }]);
      const stats = await storeStats(store, parse(`${window}&readOnly=all&eventId=${event.eventId}`), {
        interval: 3_600_000,
      });
      expect(stats.facets[id]).toEqual(inMemory);
    },
  );

  it.each(withAspect((f) => f.search))(
    "%s is searched by free text, in memory and in the store",
    async (id, field) => {
      const texts = field.search === true ? [field.value?.(event) ?? null] : (field.search?.(event) ?? []);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text).toBeTruthy();
        expect(freeTextFields(event)).toContain(text);
        const query = parse(`${window}&readOnly=all&q=${encodeURIComponent(text ?? "")}`);
        expect(matchesQuery(event, query)).toBe(true);
        const found = await queryStore(store, query, { limit: 10 });
        expect(found.events.map((e) => e.eventId)).toEqual([event.eventId]);
      }
    },
  );
});

describe("the registry", () => {
  it("has one entry per id", () => {
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
  });

  it("gives the CSV the columns docs/api.md documents, in that order", async () => {
    const api = await readFile(path.join(import.meta.dirname, "../../docs/api.md"), "utf8");
    const documented = /\*\*CSV columns\*\*: `([^`]+)`/.exec(api)?.[1] ?? "";
    const headers = documented.split(/,\s*/).map((h) => h.replace(/\s*\(.*\)$/, ""));
    expect(csvHeaderLine()).toBe(`${headers.join(",")}\r\n`);
  });

  it("refuses free text with control characters, which the store uses to separate its texts", () => {
    for (const bad of ["a\u0000b", "tab\there", "line\nbreak", "del\u007f"]) {
      const parsed = eventQuerySchema.safeParse({ range: "1h", q: bad });
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({
        path: ["q"],
        message: "must not contain control characters",
      });
    }
    expect(eventQuerySchema.safeParse({ range: "1h", q: '  söz "quoted" ünïcode  ' }).success).toBe(true);
  });

  it("searches exactly the fields that say so", () => {
    const searched = fields.flatMap((f) =>
      f.search === undefined ? [] : f.search === true ? [f.value?.(event) ?? null] : f.search(event),
    );
    expect([...freeTextFields(event)].sort()).toEqual([...searched].sort());
  });
});
