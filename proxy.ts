import { NextResponse, type NextRequest } from "next/server";
import { getSettings } from "@/lib/config";
import type { BadRequestBody } from "@/lib/events/api-contract";
import { SESSION_COOKIE, isAuthorized, isPublicPath } from "@/lib/security/access-token";
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy, createNonce } from "@/lib/security/headers";

/**
 * Runs before every request (no matcher, so static assets get the headers too): checks the access
 * token when one is set, refuses paths Next cannot decode, and puts a fresh CSP nonce on the request
 * for Next to attach to its scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const response = decide(request, csp, nonce);
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

function decide(request: NextRequest, csp: string, nonce: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const token = getSettings().token;
  const authorized =
    token === undefined ||
    isPublicPath(pathname) ||
    isAuthorized(
      {
        authorization: request.headers.get("authorization"),
        sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
      },
      token,
    );

  if (!authorized) {
    if (isApi) {
      return NextResponse.json(
        {
          error: "unauthorized",
          message: "This Trailscope needs its access token: log in or send Authorization: Bearer.",
        },
        {
          status: 401,
          headers: { "WWW-Authenticate": 'Bearer realm="trailscope"', "Cache-Control": "no-store" },
        },
      );
    }
    // Next's proxy adapter needs an absolute Location; it sends it relative when the origin is the request's.
    return NextResponse.redirect(
      new URL(`/login?next=${encodeURIComponent(pathname + search)}`, request.nextUrl),
      303,
    );
  }

  if (!decodablePath(pathname)) {
    // Next answers a dynamic segment that is not valid UTF-8 (`/events/%ED%A0%80`) with a bare 500.
    const body: BadRequestBody = {
      error: "bad_request",
      message: "The URL path is not valid percent-encoded UTF-8.",
      issues: [{ param: "path", message: "is not valid percent-encoded UTF-8" }],
    };
    return isApi
      ? NextResponse.json(body, { status: 400 })
      : new NextResponse(body.message, {
          status: 400,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
  }

  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce out of the request's CSP header while rendering.
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
