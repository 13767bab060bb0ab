import { NextResponse, type NextRequest } from "next/server";
import { NO_STORE } from "../../_lib/http";
import { crossSiteProblem } from "@/lib/security/request-guards";
import { archiveImportJob, startArchiveImport } from "@/lib/sync/archive-import-job";

export const dynamic = "force-dynamic";

/** The archive import's progress: `{ job }`, state `idle` until one was started in this process. */
export function GET() {
  return NextResponse.json({ job: archiveImportJob() }, { headers: NO_STORE });
}

/**
 * Starts importing the configured trail archive into the event store: 202 with the job, 409 when one
 * is already running (with its progress), 503 when there is no usable store. It writes, so it takes no
 * request from another site, checked here as well as in proxy.ts.
 */
export async function POST(request: NextRequest) {
  const problem = crossSiteProblem({
    secFetchSite: request.headers.get("sec-fetch-site"),
    origin: request.headers.get("origin"),
    host: request.headers.get("host"),
  });
  if (problem) {
    return NextResponse.json(
      { error: "cross_site", message: `Refused a POST from another site (${problem}).` },
      { status: 403, headers: NO_STORE },
    );
  }
  const result = await startArchiveImport();
  if (result.started) return NextResponse.json({ job: result.job }, { status: 202, headers: NO_STORE });
  if (result.reason === "running") {
    return NextResponse.json(
      { error: "conflict", message: "An archive import is already running.", job: result.job },
      { status: 409, headers: NO_STORE },
    );
  }
  return NextResponse.json(
    { error: "store_unavailable", message: result.message },
    { status: 503, headers: NO_STORE },
  );
}
