import type { NextRequest } from "next/server";
import { z } from "zod";
import { findEventById } from "@/lib/cloudtrail";
import { MAX_VALUE_LENGTH } from "@/lib/query/event-query";
import { NO_STORE, badRequest, errorResponse, failureResponse } from "../responses";

export const dynamic = "force-dynamic";

const list = (item: z.ZodString, name: string) =>
  z.union([
    z.literal("all"),
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item).min(1, `must list at least one ${name}`).max(100)),
  ]);

const paramsSchema = z
  .object({
    eventId: z.string().min(1, "must not be empty").max(MAX_VALUE_LENGTH),
    account: list(z.string().regex(/^\d{12}$/, "is not a 12-digit account ID"), "account").optional(),
    region: list(
      z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "is not an AWS region name"),
      "region",
    ).optional(),
  })
  .strict();

/** `GET /api/events/<eventId>[?account=&region=]`: one event (an EventId lookup in each source), or 404. */
export async function GET(request: NextRequest, context: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await context.params;
  const parsed = paramsSchema.safeParse({ eventId, ...Object.fromEntries(request.nextUrl.searchParams) });
  if (!parsed.success) {
    return badRequest(
      parsed.error.issues.map((issue) =>
        issue.code === "unrecognized_keys"
          ? {
              param: issue.keys.join(","),
              message: "is not a parameter of this route (account and region are)",
            }
          : { param: String(issue.path[0] ?? "query"), message: issue.message },
      ),
    );
  }
  try {
    const event = await findEventById(parsed.data.eventId, {
      accounts: parsed.data.account,
      regions: parsed.data.region,
      signal: request.signal,
    });
    if (!event) {
      return errorResponse(404, {
        error: "not_found",
        message: `No event ${parsed.data.eventId} in the last 90 days of the accounts and regions searched.`,
        hint: "Event history keeps 90 days; older events are in a trail's log files.",
      });
    }
    return Response.json(event, { headers: NO_STORE });
  } catch (error) {
    return failureResponse(error, "Finding the event");
  }
}
