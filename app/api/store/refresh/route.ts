import type { NextRequest } from "next/server";
import { resolveSources } from "@/lib/cloudtrail";
import { sharedSync } from "@/lib/store/shared-store";
import { storeStatus } from "@/lib/store/store-status";
import { NO_STORE, errorResponse, failureResponse } from "../../events/responses";

export const dynamic = "force-dynamic";

/**
 * A request another site's page made (a form or fetch aimed at 127.0.0.1) must not spend the user's
 * rate limit: browsers name the requesting site in Sec-Fetch-Site and Origin, and tools send neither.
 */
function crossSite(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  try {
    return new URL(origin).host !== (request.headers.get("host") ?? request.nextUrl.host);
  } catch {
    return true;
  }
}

/** `POST /api/store/refresh`: "Refresh now": reads what is new for every configured source, then answers the status. */
export async function POST(request: NextRequest) {
  if (crossSite(request)) {
    return errorResponse(403, {
      error: "forbidden",
      message: "Refresh now is only accepted from Trailscope's own pages.",
    });
  }
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
