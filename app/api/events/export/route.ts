import type { NextRequest } from "next/server";
import { streamArchiveEvents } from "@/lib/sources/archive";
import { streamSynced } from "@/lib/sync/stream-synced";
import { exportEncoder, exportFileName, parseExportFormat } from "@/lib/export/export-format";
import { startExport } from "@/lib/export/export-stream";
import { parseEventQuery } from "@/lib/query/event-query";
import { keepsOnly90Days } from "@/lib/config";
import { historyIssues } from "@/lib/query/history-issues";
import { NO_STORE, badRequest, errorResponse, failureResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

/**
 * `GET /api/events/export?format=csv|json|ndjson&<the filters of /api/events>`: the same events as
 * `/api/events`, as a file streamed while the pages are fetched. Whether the file is complete is written
 * in the file itself (see lib/export/export-format.ts); a view where every source failed answers 502.
 */
export async function GET(request: NextRequest) {
  const now = new Date();
  const params = request.nextUrl.searchParams;
  const format = parseExportFormat(params.get("format") ?? undefined);
  const parsed = parseEventQuery(params, now);
  const issues = [
    ...(format.ok ? [] : [format.issue]),
    // An export is the whole view from its start (its file says whether it is complete); resuming a
    // cut answer is what /api/events' cursor is for, so a cursor here is refused rather than dropped.
    ...(params.has("cursor")
      ? [{ param: "cursor", message: "is not taken by the export, which always writes the whole view" }]
      : []),
    ...(parsed.ok ? historyIssues(parsed.query, now, { retention90Days: keepsOnly90Days() }) : parsed.issues),
  ];
  if (!format.ok || !parsed.ok || issues.length > 0) return badRequest(issues);

  const encoder = exportEncoder(format.format);
  try {
    // The same source as /api/events: Event history, or a trail's log files with source=archive.
    const events =
      parsed.query.source === "archive"
        ? streamArchiveEvents(parsed.query, { signal: request.signal })
        : streamSynced(parsed.query, { signal: request.signal });
    const result = await startExport(events, encoder, parsed.query.limit);
    if (!result.ok) {
      return errorResponse(502, {
        error: "upstream_error",
        message: result.message,
        hint: result.sources.find((s) => s.error)?.error?.hint,
        sources: result.sources,
      });
    }
    const window = { start: parsed.query.start.toISOString(), end: parsed.query.end.toISOString() };
    return new Response(result.body, {
      headers: {
        ...NO_STORE,
        "Content-Type": encoder.contentType,
        "Content-Disposition": `attachment; filename="${exportFileName(window, format.format)}"`,
      },
    });
  } catch (error) {
    return failureResponse(error, "The export");
  }
}
