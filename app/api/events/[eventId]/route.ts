import type { NextRequest } from "next/server";
import { z } from "zod";
import { findEventById } from "@/lib/sources/history";
import { MAX_ACCOUNTS, MAX_REGIONS, MAX_VALUE_LENGTH } from "@/lib/query/event-query";
import { accountIdSchema, commaList, regionSchema } from "@/lib/shared/aws-names";
import { parseParams } from "@/lib/shared/params";
import { badRequest, errorResponse, failureResponse, jsonResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

// The event ID is the path's alone: a query `eventId` is an unknown parameter, not an override.
const searchSchema = z
  .object({
    account: z
      .union([z.literal("all"), commaList(accountIdSchema, { noun: "account", max: MAX_ACCOUNTS })])
      .optional(),
    region: z
      .union([z.literal("all"), commaList(regionSchema, { noun: "region", max: MAX_REGIONS })])
      .optional(),
  })
  .strict();

const eventIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_VALUE_LENGTH, `must be at most ${MAX_VALUE_LENGTH} characters`);

/** `GET /api/events/<eventId>[?account=&region=]`: one event (an EventId lookup in each source), or 404. */
export async function GET(request: NextRequest, context: { params: Promise<{ eventId: string }> }) {
  const id = eventIdSchema.safeParse((await context.params).eventId);
  const search = parseParams(request.nextUrl.searchParams, searchSchema);
  const issues = [
    ...(id.success ? [] : id.error.issues.map((i) => ({ param: "eventId", message: i.message }))),
    ...(search.ok ? [] : search.issues),
  ];
  if (!id.success || !search.ok) return badRequest(issues);
  const eventId = id.data;
  try {
    const event = await findEventById(eventId, {
      accounts: search.value.account,
      regions: search.value.region,
      signal: request.signal,
    });
    if (!event) {
      return errorResponse(404, {
        error: "not_found",
        message: `No event ${eventId} in the last 90 days of the accounts and regions searched.`,
        hint: "Event history keeps 90 days; older events are in a trail's log files.",
      });
    }
    return jsonResponse(event);
  } catch (error) {
    return failureResponse(error, "Finding the event");
  }
}
