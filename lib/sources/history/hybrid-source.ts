import "server-only";
import { z } from "zod";
import type { AuditEvent } from "../../events/audit-event";
import { InputError } from "../../events/errors";
import {
  coveredIntervals,
  historySource,
  readCoverage,
  uncoveredIntervals,
  type Interval,
} from "../../store/coverage";
import type { StoreQuery } from "../../store/compile-query";
import type { Store } from "../../store/open-store";
import { queryStore } from "../../store/query-store";
import { writeEvents } from "../../store/write-events";
import { lookupPage, type LookupParams, type Source } from "./lookup";
import type { PageResult, PageSource } from "./merge";

/**
 * One source's window as segments, newest first: the parts the store covers are paged from SQL
 * (keyset), the rest from LookupEvents, and each live page is written into the store. The pager's
 * merge and resumable positions work unchanged, because the token of every page (the first one
 * included) carries the segmentation: a continued answer keeps the plan it began with, even when
 * the store has synced more since.
 */

export interface Segment extends Interval {
  from: "store" | "lookup";
}

/** Rows per store page: SQL pages cost no API call, so they can be larger than LookupEvents' 50. */
const STORE_PAGE = 500;
const TOKEN_PREFIX = "h.";

const tokenSchema = z.object({
  g: z.array(z.tuple([z.number().int(), z.number().int(), z.enum(["s", "l"])])).max(2_000),
  i: z.number().int().min(0),
  /** LookupEvents' NextToken inside a lookup segment. */
  t: z.string().min(1).max(10_000).optional(),
  /** Keyset position inside a store segment: [eventMs, eventId]. */
  k: z.tuple([z.number().int(), z.string().min(1).max(200)]).optional(),
  /**
   * Event history's oldest time when the answer began (now - 90 days): store segments also return the
   * archive rows Event history holds (an event imported first is stored once, as `archive`). Fixed in
   * the token so pages of one answer draw the same line. Absent in tokens made before it existed.
   */
  c: z.number().int().optional(),
});
type HybridToken = z.output<typeof tokenSchema>;

export const encodeHybridToken = (token: HybridToken) =>
  TOKEN_PREFIX + Buffer.from(JSON.stringify(token)).toString("base64url");

export function decodeHybridToken(text: string): HybridToken | undefined {
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const parsed = tokenSchema.safeParse(
      JSON.parse(Buffer.from(text.slice(2), "base64url").toString("utf8")),
    );
    if (parsed.success && parsed.data.i < parsed.data.g.length) return parsed.data;
  } catch {
    // Falls through to the error below: a damaged cursor is the caller's mistake.
  }
  throw new InputError([{ param: "cursor", message: "is not a Trailscope cursor (or is damaged)" }]);
}

export const segmentsOf = (token: HybridToken): Segment[] =>
  token.g.map(([start, end, kind]) => ({ start, end, from: kind === "s" ? "store" : "lookup" }));

/** The segment the page a token fetches is in: a caller counting store and live events apart asks before fetching. */
export function tokenSegment(text: string): Segment | undefined {
  const token = decodeHybridToken(text);
  return token && segmentsOf(token)[token.i];
}

/**
 * The segments of `window` for one source, newest first. `asOf`: the store holds this source up to
 * that time and its last refresh is recent enough, so the part of the window after it has no events
 * yet worth an API call.
 */
export async function planSegments(
  store: Store,
  source: Source,
  window: Interval,
  { now, freshnessMs }: { now: number; freshnessMs: number },
): Promise<{ segments: Segment[]; asOf: number | null; syncedTo: number | null }> {
  const coverage = await store.read((c) => readCoverage(c, historySource(source)));
  const newest = coverage.at(-1)?.end;
  const fresh =
    newest !== undefined && now - newest <= freshnessMs && window.end >= newest && window.start <= newest;
  const asOf = fresh ? newest : null;
  const span = { start: window.start, end: asOf ?? window.end };
  const segments: Segment[] = [
    ...coveredIntervals(coverage, span).map((i) => ({ ...i, from: "store" as const })),
    ...uncoveredIntervals(coverage, span).map((i) => ({ ...i, from: "lookup" as const })),
  ].sort((a, b) => b.start - a.start);
  return { segments, asOf, syncedTo: newest ?? null };
}

export const firstToken = (segments: Segment[], historySince: number) =>
  segments.length === 0
    ? undefined
    : encodeHybridToken({
        g: segments.map((s) => [s.start, s.end, s.from === "store" ? "s" : "l"]),
        i: 0,
        c: historySince,
      });

export interface HybridOptions {
  store: Store;
  source: Source;
  /** The filters store segments apply (an event query, or an investigation's lookup as the same filter). */
  query: StoreQuery;
  attribute: LookupParams["attribute"];
}

/** A PageSource over the segments its token carries (see `firstToken`). */
export function hybridPageSource({ store, source, query, attribute }: HybridOptions): PageSource {
  const account = source.account.id;
  const region = source.region;
  const onlyThisSource = { account: [account], region: [region] };
  return {
    async fetchPage(token, signal): Promise<PageResult> {
      const state = token === undefined ? undefined : decodeHybridToken(token);
      if (!state) return { events: [], apiCalls: 0 };
      const segment = segmentsOf(state)[state.i]!;
      const since = state.c === undefined ? {} : { c: state.c };
      const advance = (within: Partial<HybridToken>) =>
        encodeHybridToken({ g: state.g, i: state.i, ...since, ...within });
      const nextSegment = () =>
        state.i + 1 < state.g.length
          ? encodeHybridToken({ g: state.g, i: state.i + 1, ...since })
          : undefined;
      const bounds = { start: new Date(segment.start), end: new Date(segment.end) };

      if (segment.from === "store") {
        signal.throwIfAborted();
        const page = await queryStore(
          store,
          { ...query, ...bounds, ...onlyThisSource },
          {
            limit: STORE_PAGE,
            origin: state.c === undefined ? "history" : { historySince: state.c },
            ...(state.k ? { cursor: { eventMs: state.k[0], account, region, eventId: state.k[1] } } : {}),
          },
        );
        const nextToken = page.next ? advance({ k: [page.next.eventMs, page.next.eventId] }) : nextSegment();
        return { events: page.events, apiCalls: 0, ...(nextToken ? { nextToken } : {}) };
      }

      const page = await lookupPage(source, { attribute, ...bounds, token: state.t, signal });
      const last = !page.nextToken || page.nextToken === state.t;
      const oldest = Math.min(...page.events.map((e) => Date.parse(e.eventTime)));
      // Read newest first from the segment's end: all of it above this page's oldest event is stored now.
      const covered = attribute ? undefined : { start: last ? segment.start : oldest + 1, end: segment.end };
      await remember(store, source, page.events, covered);
      const nextToken = last ? nextSegment() : advance({ t: page.nextToken });
      const events = page.events.map((e) => ({ ...e, origin: "history" as const }));
      return { events, apiCalls: page.apiCalls, ...(nextToken ? { nextToken } : {}) };
    },
  };
}

const EXTRAS_PREFIX = "x.";
const extrasSchema = z.object({
  /** Event history's oldest time when the answer began, as in the history segments' tokens. */
  c: z.number().int(),
  k: z.tuple([z.number().int(), z.string().min(1).max(200)]).optional(),
});
type ExtrasToken = z.output<typeof extrasSchema>;

const encodeExtrasToken = (token: ExtrasToken) =>
  EXTRAS_PREFIX + Buffer.from(JSON.stringify(token)).toString("base64url");

export function decodeExtrasToken(text: string): ExtrasToken {
  if (text.startsWith(EXTRAS_PREFIX)) {
    try {
      const parsed = extrasSchema.safeParse(
        JSON.parse(Buffer.from(text.slice(2), "base64url").toString("utf8")),
      );
      if (parsed.success) return parsed.data;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new InputError([{ param: "cursor", message: "is not a Trailscope cursor (or is damaged)" }]);
}

export const firstExtrasToken = (historySince: number) => encodeExtrasToken({ c: historySince });

/**
 * `source=all`'s second half for one source: the archive rows of the window that Event history does
 * not hold (data events, Insights, anything older than its 90 days), from the store only. Together with
 * the history segments (which return the archive rows Event history holds) every event comes once.
 */
export function archiveExtrasPageSource({
  store,
  source,
  query,
}: Omit<HybridOptions, "attribute">): PageSource {
  const account = source.account.id;
  const region = source.region;
  return {
    async fetchPage(token, signal): Promise<PageResult> {
      if (token === undefined) return { events: [], apiCalls: 0 };
      const state = decodeExtrasToken(token);
      signal.throwIfAborted();
      const page = await queryStore(
        store,
        { ...query, account: [account], region: [region] },
        {
          limit: STORE_PAGE,
          origin: { archiveOnly: state.c },
          ...(state.k ? { cursor: { eventMs: state.k[0], account, region, eventId: state.k[1] } } : {}),
        },
      );
      const nextToken = page.next
        ? encodeExtrasToken({ c: state.c, k: [page.next.eventMs, page.next.eventId] })
        : undefined;
      return { events: page.events, apiCalls: 0, ...(nextToken ? { nextToken } : {}) };
    },
  };
}

/**
 * Writes what a live read fetched into the store. `covered`: the part of the segment read completely so
 * far (never with a lookup attribute, which reads only some events); every event in it is committed by
 * this or an earlier page's write before the coverage is, so coverage never runs ahead of the events.
 */
async function remember(store: Store, source: Source, events: AuditEvent[], covered: Interval | undefined) {
  try {
    await writeEvents(store, events, { origin: "history" });
    if (covered && Number.isSafeInteger(covered.start) && covered.start <= covered.end) {
      await writeEvents(store, [], {
        origin: "history",
        coverage: { source: historySource(source), interval: covered },
      });
    }
  } catch (error) {
    // The answer does not depend on the cache: a failed write only means a later view reads live again.
    console.warn("event store: could not keep live events:", error instanceof Error ? error.message : error);
  }
}
