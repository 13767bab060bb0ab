import type { NextRequest } from "next/server";
import type { BadRequestBody } from "@/lib/events/api-contract";
import { InputError } from "@/lib/events/errors";
import { toSourceError } from "@/lib/cloudtrail/errors";
import { parseIntegrityQuery } from "@/lib/integrity/integrity-query";
import { runIntegrityValidation } from "@/lib/integrity/run-validation";

export const dynamic = "force-dynamic";

function badRequest(issues: { param: string; message: string }[]): Response {
  const body: BadRequestBody = {
    error: "bad_request",
    message: `Invalid ${issues.map((i) => i.param).join(", ")}: ${issues.map((i) => `${i.param} ${i.message}`).join("; ")}`,
    issues,
  };
  return Response.json(body, { status: 400 });
}

/** `?trailArn=&start=&end=[&account=][&region=]`: the digest-chain validation as a report with the CLI's verdict. */
export async function GET(request: NextRequest) {
  const parsed = parseIntegrityQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.issues);
  try {
    return Response.json(await runIntegrityValidation(parsed.query, request.signal));
  } catch (error) {
    if (error instanceof InputError) return badRequest(error.issues);
    const source = toSourceError(error);
    console.error("integrity validation failed:", source.message);
    return Response.json(
      { error: "validation_failed", message: source.message, hint: source.hint },
      { status: 502 },
    );
  }
}
