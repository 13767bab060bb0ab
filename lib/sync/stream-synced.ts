import "server-only";
import type { EventStreamMessage } from "../events/api-contract";
import type { EventQuery } from "../query/event-query";
import { streamEvents, type StreamOptions } from "../sources/history/stream-events";
import { sharedSync } from "./shared-sync";

/**
 * What the routes call to answer a query: the shared store for what it covers, LookupEvents for the
 * rest, and every source the query reads starts syncing (TRAILSCOPE_SYNC=on-demand), so the next
 * view of it is answered from the store.
 */
export function streamSynced(
  query: EventQuery,
  options: Omit<StreamOptions, "store" | "onSources"> = {},
): AsyncGenerator<EventStreamMessage> {
  return streamEvents(query, {
    ...options,
    onSources: async (sources) => (await sharedSync())?.ensure(sources),
  });
}
