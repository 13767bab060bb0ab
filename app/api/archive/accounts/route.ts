import type { NextRequest } from "next/server";
import { z } from "zod";
import { openArchive } from "@/lib/sources/archive";
import { bucketNameSchema, prefixSchema } from "@/lib/shared/aws-names";
import { parseParams } from "@/lib/shared/params";
import { badRequest, failureResponse, jsonResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

const paramsSchema = z
  .object({ bucket: bucketNameSchema.optional(), prefix: prefixSchema.optional() })
  .strict();

/** `GET /api/archive/accounts[?bucket=&prefix=]`: the accounts found in the trail archive, for the account filter. */
export async function GET(request: NextRequest) {
  const parsed = parseParams(request.nextUrl.searchParams, paramsSchema);
  if (!parsed.ok) return badRequest(parsed.issues);
  try {
    const archive = await openArchive(parsed.value);
    return jsonResponse({ location: archive.description, accounts: archive.accounts });
  } catch (error) {
    return failureResponse(error, "Listing the archive's accounts");
  }
}
