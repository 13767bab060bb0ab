import "server-only";
import type { EventStreamMessage, SourceStatus } from "../../events/api-contract";
import { InputError } from "../../events/errors";
import { LOOKUP_PARAMS } from "../../events/lookup-attributes";
import type { EventQuery } from "../../query/event-query";
import { matchesQuery, type MatchedParam } from "../../query/matcher";
import { planQuery } from "../../query/planner";
import { getSettings } from "../../config";
import { decodeCursor, encodeCursor } from "./cursor";
import { toSourceError } from "../../aws/errors";
import { lookupPage, type Source } from "./lookup";
import { MergedPager, type SourcePosition } from "./merge";
import { resolveSources } from "./sources";
import { sourceKey } from "../../shared/event-keys";

function startPositions(query: EventQuery, sources: Source[], cursor: string | undefined) {
  if (!cursor) {
    return {
      window: { start: query.start, end: query.end },
      start: sources.map((): SourcePosition | null => ({ offset: 0 })),
    };
  }
  const decoded = decodeCursor(cursor, query);
  const positions = new Map(decoded.sources.map((s) => [sourceKey(s.accountId, s.region), s.position]));
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
  };
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
  options: { signal?: AbortSignal; cursor?: string } = {},
): AsyncGenerator<EventStreamMessage> {
  const plan = planQuery(query);
  const sources = await resolveSources(query);
  const { window, start } = startPositions(query, sources, options.cursor);
  const attribute = plan.lookup
    ? { key: LOOKUP_PARAMS[plan.lookup.param], value: plan.lookup.value }
    : undefined;
  // AWS applied the lookup attribute, and the sources are the query's accounts and regions.
  const skip = new Set<MatchedParam>(["region", "account", ...(plan.lookup ? [plan.lookup.param] : [])]);
  const source = getSettings().source;

  const pager = new MergedPager(
    sources.map((s) => ({
      fetchPage: (token, signal) =>
        lookupPage(s, { attribute, start: window.start, end: window.end, token, signal }),
    })),
    {
      start,
      limit: query.limit,
      accept: (event) => matchesQuery(event, query, skip),
      describeError: (error) => toSourceError(error, { source }),
      signal: options.signal,
    },
  );
  const statuses = (): SourceStatus[] =>
    sources.map((s, i) => {
      const { state, pages, events, error } = pager.states[i]!;
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
