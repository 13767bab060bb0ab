import type { NextRequest } from "next/server";
import type { EventStreamMessage, EventsResponse } from "@/lib/events/api-contract";
import type { AuditEvent } from "@/lib/events/audit-event";
import { streamArchiveEvents } from "@/lib/sources/archive";
import { streamSynced } from "@/lib/sync/stream-synced";
import { parseEventQuery } from "@/lib/query/event-query";
import { keepsOnly90Days } from "@/lib/config";
import { historyIssues } from "@/lib/query/history-issues";
import { badRequest, errorResponse, failureResponse, jsonResponse, ndjsonResponse } from "../_lib/http";

export const dynamic = "force-dynamic";

function wantsNdjson(request: NextRequest): boolean {
  return (request.headers.get("accept") ?? "").includes("application/x-ndjson");
}

/** The first message, already read, then the rest: one stream again. */
async function* resumed(
  first: EventStreamMessage,
  rest: AsyncGenerator<EventStreamMessage>,
): AsyncGenerator<EventStreamMessage> {
  try {
    yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

async function json(first: EventStreamMessage, rest: AsyncGenerator<EventStreamMessage>): Promise<Response> {
  if (first.type !== "meta") throw new Error(`the stream began with ${first.type}`);
  const events: AuditEvent[] = [];
  let answer: EventsResponse | undefined;
  for await (const message of rest) {
    if (message.type === "events") events.push(...message.events);
    else if (message.type === "done") {
      answer = {
        events,
        plan: first.plan,
        window: first.window,
        sources: message.sources,
        apiCalls: message.apiCalls,
        complete: message.complete,
        truncated: message.truncated,
        ...(message.truncatedReason ? { truncatedReason: message.truncatedReason } : {}),
        cursor: message.cursor,
      };
    }
  }
  if (!answer) throw new Error("the stream ended without a result");
  const failed = answer.sources.filter((s) => s.state === "failed");
  if (failed.length > 0 && answer.sources.every((s) => s.state === "failed" && s.pages === 0)) {
    const first = failed[0]!.error;
    return errorResponse(502, {
      error: "upstream_error",
      message:
        failed.length === 1
          ? (first?.message ?? "The only source failed.")
          : `Every source failed (${failed.length}). First: ${first?.message ?? "no details"}`,
      hint: first?.hint,
      sources: answer.sources,
    });
  }
  return jsonResponse(answer);
}

/**
 * `GET /api/events?<query>[&cursor=]`: the events of a query (lib/query/event-query.ts) as an
 * `EventsResponse`, or with `Accept: application/x-ndjson` as streamed `EventStreamMessage` lines.
 */
export async function GET(request: NextRequest) {
  const now = new Date();
  const params = request.nextUrl.searchParams;
  const parsed = parseEventQuery(params, now);
  if (!parsed.ok) return badRequest(parsed.issues);
  const issues = historyIssues(parsed.query, now, { retention90Days: keepsOnly90Days() });
  if (issues.length > 0) return badRequest(issues);

  const cursor = params.get("cursor") ?? undefined;
  const stream =
    parsed.query.source === "archive"
      ? streamArchiveEvents(parsed.query, { signal: request.signal, cursor })
      : streamSynced(parsed.query, { signal: request.signal, cursor });
  try {
    // The first message comes after accounts, regions and the cursor were checked, so bad input is still a 400.
    const first = await stream.next();
    if (first.done) throw new Error("the event stream produced nothing");
    if (wantsNdjson(request)) {
      return ndjsonResponse(resumed(first.value, stream), {
        signal: request.signal,
        what: "The event stream",
        onError: (message) => ({ type: "error" as const, message }),
      });
    }
    return await json(first.value, stream);
  } catch (error) {
    await stream.return(undefined);
    return failureResponse(error, "Reading events");
  }
}
