import type { NextRequest } from "next/server";
import { ConfigError, InputError, UpstreamError } from "@/lib/events/errors";
import { toSourceError } from "@/lib/aws/errors";
import { parseIntegrityQuery } from "@/lib/integrity/integrity-query";
import { runIntegrityValidation } from "@/lib/integrity/run-validation";
import { badRequest, failureResponse, jsonResponse } from "../_lib/http";

export const dynamic = "force-dynamic";

/** `?trailArn=&start=&end=[&account=][&region=]`: the digest-chain validation as a report with the CLI's verdict. */
export async function GET(request: NextRequest) {
  const parsed = parseIntegrityQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.issues);
  try {
    return jsonResponse(await runIntegrityValidation(parsed.query, request.signal));
  } catch (error) {
    // The validator reads S3 and CloudTrail directly: what it throws is an AWS failure unless lib classified it.
    const classified =
      error instanceof InputError || error instanceof ConfigError || error instanceof UpstreamError;
    return failureResponse(
      classified ? error : new UpstreamError(toSourceError(error)),
      "The integrity validation",
    );
  }
}
