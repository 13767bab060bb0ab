import { NextResponse } from "next/server";
import { NO_STORE } from "../../_lib/http";
import { archiveImportJob, startArchiveImport } from "@/lib/sync/archive-import-job";

export const dynamic = "force-dynamic";

/** The archive import's progress: `{ job }`, state `idle` until one was started in this process. */
export function GET() {
  return NextResponse.json({ job: archiveImportJob() }, { headers: NO_STORE });
}

/**
 * Starts importing the configured trail archive into the event store: 202 with the job, 409 when one
 * is already running (with its progress), 503 when there is no usable store. proxy.ts has already
 * refused it if another site's page sent it.
 */
export async function POST() {
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
