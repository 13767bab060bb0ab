import { resolveSources } from "@/lib/sources/history";
import { storeStatus } from "@/lib/sync/store-status";
import { NO_STORE, failureResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

/** `GET /api/store/status`: per configured source, what the event store holds, how fresh, and the sync's errors. */
export async function GET() {
  try {
    return Response.json(await storeStatus(await resolveSources({})), { headers: NO_STORE });
  } catch (error) {
    return failureResponse(error, "The store status");
  }
}
