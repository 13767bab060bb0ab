import { listTrails } from "@/lib/integrity/trails";

export const dynamic = "force-dynamic";

/** Every trail of the configured accounts with status and selectors; one account failing is listed in `failures`. */
export async function GET() {
  try {
    return Response.json(await listTrails());
  } catch (error) {
    console.error("trails failed:", error instanceof Error ? error.message : String(error));
    return Response.json(
      { error: "trails_failed", message: "The trails could not be read; see the server log." },
      { status: 502 },
    );
  }
}
