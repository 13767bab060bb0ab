import type { NextRequest } from "next/server";
import { planArchiveInvestigation, runArchiveInvestigation } from "@/lib/investigate/archive-search";
import type { InvestigateResponse, InvestigateStreamMessage } from "@/lib/investigate/contract";
import { parseInvestigateQuery } from "@/lib/investigate/investigate-query";
import { planInvestigation, runInvestigation, type InvestigateOptions } from "@/lib/investigate/search";
import { badRequest, failureResponse, jsonResponse, ndjsonResponse } from "../_lib/http";

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
      return jsonResponse(await run({ signal }));
    } catch (error) {
      return failureResponse(error, "The investigation");
    }
  }

  return ndjsonResponse(investigationMessages(run, signal), {
    signal,
    what: "The investigation",
    onError: (message) => ({ type: "error" as const, message }),
  });
}

/** The run's progress callbacks as a stream of messages, ending with the result. */
async function* investigationMessages(
  run: (options: InvestigateOptions) => Promise<InvestigateResponse>,
  signal: AbortSignal,
): AsyncGenerator<InvestigateStreamMessage> {
  const queue: InvestigateStreamMessage[] = [];
  let wake: (() => void) | undefined;
  let settled: { failed: false } | { failed: true; error: unknown } | undefined;
  void run({ signal, onProgress: (p) => (queue.push({ type: "progress", ...p }), wake?.()) }).then(
    (result) => {
      queue.push({ type: "result", result });
      settled = { failed: false };
      wake?.();
    },
    (error: unknown) => {
      settled = { failed: true, error };
      wake?.();
    },
  );
  for (;;) {
    const next = queue.shift();
    if (next) {
      yield next;
      continue;
    }
    if (settled?.failed) throw settled.error;
    if (settled) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
