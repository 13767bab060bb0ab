import { NextResponse } from "next/server";
import type { BadRequestBody } from "@/lib/events/api-contract";
import type { ParamIssue } from "@/lib/cross-account/setup-params";

export function badRequest(issues: ParamIssue[], status = 400): NextResponse<BadRequestBody> {
  const message = issues.map((i) => `${i.param}: ${i.message}`).join("; ");
  return NextResponse.json({ error: "bad_request", message, issues }, { status });
}
