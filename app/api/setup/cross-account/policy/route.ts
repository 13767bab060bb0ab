import type { NextRequest } from "next/server";
import { formatPolicy, generateBucketPolicy } from "@/lib/cross-account/policy-generator";
import { parseSetupParams } from "@/lib/cross-account/setup-params";
import { NO_STORE, badRequest } from "../../../_lib/http";

export const dynamic = "force-dynamic";

/** The destination bucket policy as policy.json, ready for `aws s3api put-bucket-policy`. */
export function GET(request: NextRequest) {
  const parsed = parseSetupParams(request.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.issues);
  return new Response(`${formatPolicy(generateBucketPolicy(parsed.value))}\n`, {
    headers: { ...NO_STORE, "Content-Type": "application/json; charset=utf-8" },
  });
}
