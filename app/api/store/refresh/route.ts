import { resolveSources } from "@/lib/sources/history";
import { sharedSync } from "@/lib/sync/shared-sync";
import { storeStatus } from "@/lib/sync/store-status";
import { NO_STORE, errorResponse, failureResponse } from "../../_lib/http";

export const dynamic = "force-dynamic";

/**
 * `POST /api/store/refresh`: "Refresh now": reads what is new for every configured source, then answers
 * the status. proxy.ts has already refused it if another site's page sent it.
 */
export async function POST() {
  try {
    const sources = await resolveSources({});
    const sync = await sharedSync();
    if (!sync) {
      return errorResponse(409, {
        error: "store_unavailable",
        message: "The event store is off or unavailable: there is nothing to refresh.",
        hint: "See GET /api/store/status for why.",
      });
    }
    await sync.refreshNow(sources);
    return Response.json(await storeStatus(sources), { headers: NO_STORE });
  } catch (error) {
    return failureResponse(error, "Refresh now");
  }
}
