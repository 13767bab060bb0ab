import { NextResponse, type NextRequest } from "next/server";
import { redirectToPath, sessionCookie } from "@/lib/security/session-cookie";

export const dynamic = "force-dynamic";

/** POST only: with a SameSite=Strict cookie, another site cannot log the user out either. */
export function POST(request: NextRequest) {
  const response = (request.headers.get("content-type") ?? "").includes("application/json")
    ? NextResponse.json({ ok: true })
    : redirectToPath("/login");
  response.cookies.set(sessionCookie(request, "", 0));
  response.headers.set("Cache-Control", "no-store");
  return response;
}
