import type { NextRequest } from "next/server";
import { keepsOnly90Days } from "@/lib/config";
import { parseEventQuery } from "@/lib/query/event-query";
import { historyIssues } from "@/lib/query/history-issues";
import { sharedStore } from "@/lib/store/shared-store";
import { windowStats } from "@/lib/sync/window-stats";
import { NO_STORE, badRequest, errorResponse, failureResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

/**
 * `GET /api/events/stats?<the filters of /api/events>`: total, facets and activity histogram over every
 * matching event of the window (lib/sync/window-stats.ts), not only the rows a page loaded.
 */
export async function GET(request: NextRequest) {
  const now = new Date();
  const parsed = parseEventQuery(request.nextUrl.searchParams, now);
  if (!parsed.ok) return badRequest(parsed.issues);
  const issues = historyIssues(parsed.query, now, { retention90Days: keepsOnly90Days() });
  if (parsed.query.source === "archive" || parsed.query.source === "all") {
    issues.push({ param: "source", message: "whole-window statistics are computed for Event history only" });
  }
  if (issues.length > 0) return badRequest(issues);
  const opened = await sharedStore();
  if (opened.status !== "open") {
    return errorResponse(409, {
      error: "store_unavailable",
      message:
        opened.status === "off"
          ? "Whole-window statistics need the event store, and TRAILSCOPE_STORE is off."
          : opened.error.message,
      hint: "The facets and the chart count the loaded rows instead.",
    });
  }
  try {
    return Response.json(await windowStats(opened.store, parsed.query, { signal: request.signal }), {
      headers: NO_STORE,
    });
  } catch (error) {
    return failureResponse(error, "The statistics");
  }
}
