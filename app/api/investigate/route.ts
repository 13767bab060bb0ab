import type { NextRequest } from "next/server";
import { planArchiveInvestigation, runArchiveInvestigation } from "@/lib/archive-source";
import type { InvestigateResponse, InvestigateStreamMessage } from "@/lib/investigate/contract";
import { parseInvestigateQuery } from "@/lib/investigate/investigate-query";
import { planInvestigation, runInvestigation, type InvestigateOptions } from "@/lib/investigate/search";
import { NO_STORE, badRequest, failureResponse } from "../events/responses";

export const dynamic = "force-dynamic";

/** `GET /api/investigate?resource=…`: JSON, or NDJSON progress then the answer with `Accept: application/x-ndjson`. */
export async function GET(request: NextRequest) {
  const parsed = parseInvestigateQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.issues);
  const signal = request.signal;
  // Accounts, regions and the archive are checked before answering, so bad input is still a 400.
  let run: (options: InvestigateOptions) => Promise<InvestigateResponse>;
  try {
    if (parsed.query.source === "archive") {
      const plan = await planArchiveInvestigation(parsed.query);
      run = (options) => runArchiveInvestigation(plan, options);
    } else {
      const plan = await planInvestigation(parsed.query);
      run = (options) => runInvestigation(plan, options);
    }
  } catch (error) {
    return failureResponse(error, "The investigation");
  }

  if (!(request.headers.get("accept") ?? "").includes("application/x-ndjson")) {
    try {
      return Response.json(await run({ signal }), { headers: NO_STORE });
    } catch (error) {
      return failureResponse(error, "The investigation");
    }
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (message: InvestigateStreamMessage) => {
        if (!signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
      };
      try {
        const result = await run({
          signal,
          onProgress: (p) => send({ type: "progress", ...p }),
        });
        send({ type: "result", result });
      } catch (error) {
        // A browser that went away needs no answer; anything else is logged, never sent as a stack trace.
        if (!signal.aborted) {
          console.error("The investigation failed:", error instanceof Error ? error.message : String(error));
          send({ type: "error", message: "The investigation failed on the server; see its log." });
        }
      } finally {
        if (!signal.aborted) controller.close();
      }
    },
  });
  return new Response(stream, {
    headers: { ...NO_STORE, "Content-Type": "application/x-ndjson; charset=utf-8" },
  });
}
