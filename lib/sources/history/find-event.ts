import "server-only";
import type { AuditEvent } from "../../events/audit-event";
import { UpstreamError } from "../../events/errors";
import { HISTORY_MS } from "../../query/event-query";
import { SourceFailure, isAbort, toSourceError } from "../../aws/errors";
import { lookupPage } from "./lookup";
import { resolveSources } from "./sources";

/**
 * One event by its ID (an EventId lookup in each given account and region, in parallel, over the
 * 90 days of Event history). Null when no source has it; an `UpstreamError` when none has it but
 * some source could not be asked, since "not found" would then be a guess.
 */
export async function findEventById(
  eventId: string,
  options: { accounts?: "all" | string[]; regions?: "all" | string[]; signal?: AbortSignal } = {},
): Promise<AuditEvent | null> {
  const sources = await resolveSources({ account: options.accounts, region: options.regions });
  const end = new Date();
  const start = new Date(end.getTime() - HISTORY_MS);
  const results = await Promise.allSettled(
    sources.map((source) =>
      lookupPage(source, {
        attribute: { key: "EventId", value: eventId },
        start,
        end,
        signal: options.signal,
      }),
    ),
  );
  for (const result of results) {
    const event =
      result.status === "fulfilled" ? result.value.events.find((e) => e.eventId === eventId) : undefined;
    if (event) return event;
  }
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) {
    if (isAbort(failure.reason)) throw failure.reason;
    throw new UpstreamError(
      failure.reason instanceof SourceFailure ? failure.reason.sourceError : toSourceError(failure.reason),
    );
  }
  return null;
}
