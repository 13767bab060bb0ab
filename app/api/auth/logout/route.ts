import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/security/access-token";
import { redirectToPath, sessionCookie } from "@/lib/security/session-cookie";
import { sessionStore } from "@/lib/security/sessions";

export const dynamic = "force-dynamic";

/**
 * POST only, and proxy.ts refuses it from another site. The session is deleted on the server, so a
 * copy of the cookie (another tab, a stolen one) stops working too.
 */
export function POST(request: NextRequest) {
  const id = request.cookies.get(SESSION_COOKIE)?.value;
  if (id !== undefined) sessionStore().revoke(id);
  const response = (request.headers.get("content-type") ?? "").includes("application/json")
    ? NextResponse.json({ ok: true })
    : redirectToPath("/login");
  response.cookies.set(sessionCookie(request, "", 0));
  response.headers.set("Cache-Control", "no-store");
  return response;
}
