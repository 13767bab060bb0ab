import { listTrails } from "@/lib/trails/list-trails";
import { failureResponse, jsonResponse } from "../_lib/http";

export const dynamic = "force-dynamic";

/** Every trail of the configured accounts with status and selectors; one account failing is listed in `failures`. */
export async function GET() {
  try {
    return jsonResponse(await listTrails());
  } catch (error) {
    return failureResponse(error, "Listing the trails");
  }
}
