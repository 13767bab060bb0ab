import type { NextRequest } from "next/server";
import { z } from "zod";
import { openArchive } from "@/lib/archive-source";
import { eventQuerySchema } from "@/lib/query/event-query";
import { NO_STORE, badRequest, failureResponse } from "../../events/responses";

export const dynamic = "force-dynamic";

const paramsSchema = z
  .object({ bucket: eventQuerySchema.shape.bucket, prefix: eventQuerySchema.shape.prefix })
  .strict();

/** `GET /api/archive/accounts[?bucket=&prefix=]`: the accounts found in the trail archive, for the account filter. */
export async function GET(request: NextRequest) {
  const parsed = paramsSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) {
    return badRequest(
      parsed.error.issues.map((i) => ({
        param: i.code === "unrecognized_keys" ? i.keys.join(",") : String(i.path[0] ?? "query"),
        message: i.code === "unrecognized_keys" ? "unknown parameter" : i.message,
      })),
    );
  }
  try {
    const archive = await openArchive(parsed.data);
    return Response.json(
      { location: archive.description, accounts: archive.accounts },
      { headers: NO_STORE },
    );
  } catch (error) {
    return failureResponse(error, "Listing the archive's accounts");
  }
}
