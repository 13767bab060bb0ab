import "server-only";
import type { EventStreamMessage, QueryPlan, SourceStatus } from "../../events/api-contract";
import { InputError } from "../../events/errors";
import { LOOKUP_PARAMS } from "../../events/lookup-attributes";
import { HISTORY_MS, type EventQuery } from "../../query/event-query";
import { matchesQuery, type MatchedParam } from "../../query/matcher";
import { planQuery } from "../../query/planner";
import { getSettings } from "../../config";
import type { Store } from "../../store/open-store";
import { sharedStore } from "../../store/shared-store";
import { decodeCursor, encodeCursor } from "./cursor";
import { toSourceError } from "../../aws/errors";
import {
  archiveExtrasPageSource,
  decodeHybridToken,
  firstExtrasToken,
  firstToken,
  hybridPageSource,
  planSegments,
  segmentsOf,
  type Segment,
} from "./hybrid-source";
import { lookupPage, type LookupParams, type Source } from "./lookup";
import { MergedPager, type MergeSourceState, type PageSource, type SourcePosition } from "./merge";
import { resolveSources } from "./sources";
import { sourceKey } from "../../shared/event-keys";

function startPositions(query: EventQuery, sources: Source[], cursor: string | undefined) {
  if (!cursor) {
    return {
      window: { start: query.start, end: query.end },
      start: sources.map((): SourcePosition | null => ({ offset: 0 })),
      extras: undefined,
    };
  }
  const decoded = decodeCursor(cursor, query);
  const positions = new Map(decoded.sources.map((s) => [sourceKey(s.accountId, s.region), s.position]));
  const extras = new Map(decoded.sources.map((s) => [sourceKey(s.accountId, s.region), s.extras ?? null]));
  const same =
    positions.size === sources.length &&
    sources.every((s) => positions.has(sourceKey(s.account.id, s.region)));
  if (!same) {
    throw new InputError([
      { param: "cursor", message: "was made for other accounts or regions than this query reads now" },
    ]);
  }
  return {
    window: decoded.window,
    start: sources.map((s) => positions.get(sourceKey(s.account.id, s.region)) ?? null),
    extras: sources.map((s) => extras.get(sourceKey(s.account.id, s.region)) ?? null),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Per source: the store for what it covers and LookupEvents for the rest (hybrid-source.ts), or
 * LookupEvents only when there is no store or the cursor began without one. A fresh answer starts
 * each source at the token carrying its segmentation, so a continuation keeps that plan.
 */
async function routeSources(
  query: EventQuery,
  sources: Source[],
  window: { start: Date; end: Date },
  start: (SourcePosition | null)[],
  extrasStart: (SourcePosition | null)[] | undefined,
  attribute: LookupParams["attribute"],
  options: StreamOptions,
): Promise<{
  pageSources: PageSource[];
  start: (SourcePosition | null)[];
  /** `source=all`: per source, the archive-only rows after the history ones, in `pageSources` too. */
  extras: number;
  storePlan?: QueryPlan["store"];
}> {
  const live = (s: Source): PageSource => ({
    fetchPage: (token, signal) =>
      lookupPage(s, { attribute, start: window.start, end: window.end, token, signal }),
  });
  const opened =
    options.store === undefined
      ? await sharedStore()
      : options.store
        ? ({ status: "open", store: options.store } as const)
        : ({ status: "off" } as const);
  if (opened.status !== "open") {
    if (query.source === "all") {
      throw new InputError([
        {
          param: "source",
          message: `all needs the event store, which is ${opened.status === "off" ? "off (TRAILSCOPE_STORE=off)" : "not available now"}`,
        },
      ]);
    }
    const hybrid = start.some((p) => p?.token !== undefined && decodeHybridToken(p.token));
    if (hybrid) {
      throw new InputError([
        {
          param: "cursor",
          message: "was made with the event store, which is not available now: reload the view",
        },
      ]);
    }
    return {
      pageSources: sources.map(live),
      start,
      extras: 0,
      storePlan: {
        status: opened.status,
        ...(opened.status === "unavailable" ? { message: opened.error.message } : {}),
        sources: [],
      },
    };
  }
  const store = opened.store;
  await options.onSources?.(sources);
  const settings = getSettings();
  const now = Date.now();
  const historySince = now - HISTORY_MS;
  const bounds = { start: window.start.getTime(), end: window.end.getTime() };
  const planned = await Promise.all(
    sources.map(async (s, i) => {
      const position = start[i] ?? null;
      const token = position?.token === undefined ? undefined : decodeHybridToken(position.token);
      if (options.cursor !== undefined && !token) {
        // A position without a segmentation: begun on the live path, or nothing left of this source.
        return { source: live(s), position, segments: null, asOf: null, syncedTo: null };
      }
      const segmented = token
        ? { segments: segmentsOf(token), asOf: null, syncedTo: null }
        : await planSegments(store, s, bounds, { now, freshnessMs: settings.syncIntervalMs });
      const first = token ? position : firstTokenPosition(segmented.segments, historySince);
      return {
        source: hybridPageSource({ store, source: s, query, attribute }),
        position: first,
        ...segmented,
      };
    }),
  );
  const all = query.source === "all";
  return {
    pageSources: [
      ...planned.map((p) => p.source),
      ...(all ? sources.map((s) => archiveExtrasPageSource({ store, source: s, query })) : []),
    ],
    start: [
      ...planned.map((p) => p.position),
      ...(all
        ? (extrasStart ??
          sources.map((): SourcePosition => ({ token: firstExtrasToken(historySince), offset: 0 })))
        : []),
    ],
    extras: all ? sources.length : 0,
    storePlan: {
      status: "open",
      sources: planned.flatMap((p, i) =>
        p.segments
          ? [
              {
                accountId: sources[i]!.account.id,
                region: sources[i]!.region,
                segments: p.segments.map((g) => ({ start: iso(g.start), end: iso(g.end), from: g.from })),
                asOf: p.asOf === null ? null : iso(p.asOf),
                syncedTo: p.syncedTo === null ? null : iso(p.syncedTo),
              },
            ]
          : [],
      ),
    },
  };
}

function firstTokenPosition(segments: Segment[], historySince: number): SourcePosition | null {
  const token = firstToken(segments, historySince);
  return token ? { token, offset: 0 } : null;
}

/** One source's status from its history pages and, with `source=all`, its archive-only rows. */
function combined(history: MergeSourceState, extras: MergeSourceState | undefined): MergeSourceState {
  if (!extras) return history;
  const order: MergeSourceState["state"][] = ["failed", "cancelled", "running", "pending", "done"];
  const state = order.find((o) => history.state === o || extras.state === o) ?? history.state;
  const error = history.error ?? extras.error;
  return {
    state,
    pages: history.pages + extras.pages,
    events: history.events + extras.events,
    apiCalls: history.apiCalls + extras.apiCalls,
    ...(error ? { error } : {}),
  };
}

export interface StreamOptions {
  signal?: AbortSignal;
  cursor?: string;
  /** The store to answer covered intervals from; default the shared one (null: live only). */
  store?: Store | null;
  /** Called with the query's sources when a store answers: the sync (a layer above) keeps them current. */
  onSources?: (sources: Source[]) => void | Promise<void>;
}

/**
 * The events of a query, newest first across every (account, region) it reads, as the messages of
 * `/api/events` (meta, events…, progress…, done). The lookup attribute goes to LookupEvents, every
 * other filter is applied here; at most `query.limit` events, then a cursor continues exactly after
 * the last one. A failing source is reported in its status while the others go on.
 *
 * Bad input (an unknown account or region, a cursor of another query) throws an `InputError` before
 * the first message, so a route can still answer 400.
 */
export async function* streamEvents(
  query: EventQuery,
  options: StreamOptions = {},
): AsyncGenerator<EventStreamMessage> {
  const plan = planQuery(query);
  const sources = await resolveSources(query);
  const { window, start, extras } = startPositions(query, sources, options.cursor);
  const attribute = plan.lookup
    ? { key: LOOKUP_PARAMS[plan.lookup.param], value: plan.lookup.value }
    : undefined;
  // AWS applied the lookup attribute, and the sources are the query's accounts and regions.
  const skip = new Set<MatchedParam>(["region", "account", ...(plan.lookup ? [plan.lookup.param] : [])]);
  const settings = getSettings();
  const routed = await routeSources(query, sources, window, start, extras, attribute, options);
  if (routed.storePlan) plan.store = routed.storePlan;

  const pager = new MergedPager(routed.pageSources, {
    start: routed.start,
    limit: query.limit,
    accept: (event) => matchesQuery(event, query, skip),
    describeError: (error) => toSourceError(error, { source: settings.source }),
    signal: options.signal,
  });
  const statuses = (): SourceStatus[] =>
    sources.map((s, i) => {
      const { state, pages, events, error } = combined(
        pager.states[i]!,
        routed.extras ? pager.states[sources.length + i] : undefined,
      );
      return {
        accountId: s.account.id,
        accountName: s.account.name,
        region: s.region,
        state,
        pages,
        events,
        ...(error ? { error } : {}),
      };
    });
  const isoWindow = { start: window.start.toISOString(), end: window.end.toISOString() };

  yield { type: "meta", plan, window: isoWindow, sources: statuses() };
  for await (const message of pager.run()) {
    if (message.type === "events") yield message;
    else
      yield {
        type: "progress",
        sources: statuses(),
        apiCalls: pager.apiCalls,
        matched: pager.emitted,
        scanned: pager.scanned,
      };
  }
  const positions = pager.positions();
  const remaining = !pager.cancelled && positions.some((p) => p !== null);
  const cursor = remaining
    ? encodeCursor(
        query,
        window,
        sources.map((s, i) => ({
          accountId: s.account.id,
          region: s.region,
          position: positions[i] ?? null,
          ...(routed.extras ? { extras: positions[sources.length + i] ?? null } : {}),
        })),
      )
    : null;
  const failed = pager.states.some((s) => s.state === "failed" || s.state === "cancelled");
  yield {
    type: "done",
    complete: !pager.truncated && !failed && !pager.cancelled,
    truncated: pager.truncated,
    cursor,
    apiCalls: pager.apiCalls,
    sources: statuses(),
  };
}
