import { NextResponse, type NextRequest } from "next/server";
import { getSettings } from "@/lib/config";
import type { BadRequestBody } from "@/lib/events/api-contract";
import { SESSION_COOKIE, isAuthorized, isPublicPath } from "@/lib/security/access-token";
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy, createNonce } from "@/lib/security/headers";
import { PEER_HEADER, crossSiteProblem, hostAllowed, isLoopbackPeer } from "@/lib/security/request-guards";
import { sessionStore } from "@/lib/security/sessions";

/**
 * Runs before every request (no matcher, so static assets get the headers too): without a token it
 * serves only this machine under a loopback name; it refuses cross-site POSTs, checks the access
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

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** JSON `{ error, message }` for API routes, the message as plain text for pages. */
function refuse(
  isApi: boolean,
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): NextResponse {
  const allHeaders = { "Cache-Control": "no-store", ...headers };
  return isApi
    ? NextResponse.json({ error, message }, { status, headers: allHeaders })
    : new NextResponse(message, {
        status,
        headers: { "Content-Type": "text/plain; charset=utf-8", ...allHeaders },
      });
}

function decide(request: NextRequest, csp: string, nonce: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const settings = getSettings();
  const { token } = settings;

  // The launcher's loopback-only rule, enforced here too: `next start -H 0.0.0.0` run by hand must
  // not serve the network without a token.
  if (token === undefined) {
    const peer = request.headers.get(PEER_HEADER);
    if (!peer) {
      // Only requests that arrived before instrumentation.ts ran lack the tag.
      return refuse(
        isApi,
        503,
        "starting",
        "Trailscope is still starting and cannot yet tell where this request came from; retry.",
        { "Retry-After": "1" },
      );
    }
    if (!isLoopbackPeer(peer)) {
      return refuse(
        isApi,
        403,
        "forbidden",
        "This Trailscope has no access token, so it answers only this machine. Start it with TRAILSCOPE_TOKEN to serve other machines.",
      );
    }
  }

  if (!hostAllowed(request.headers.get("host"), settings)) {
    return refuse(
      isApi,
      421,
      "misdirected_request",
      "This Trailscope answers only to localhost, 127.0.0.1, [::1] and the names in TRAILSCOPE_ALLOWED_HOSTS; a page under another name (DNS rebinding) may not read it.",
    );
  }

  if (!SAFE_METHODS.has(request.method)) {
    const problem = crossSiteProblem({
      secFetchSite: request.headers.get("sec-fetch-site"),
      origin: request.headers.get("origin"),
      host: request.headers.get("host"),
    });
    if (problem) {
      return refuse(
        isApi,
        403,
        "cross_site",
        `Refused a ${request.method} from another site (${problem}): only Trailscope's own pages may send it.`,
      );
    }
  }

  const sessions = sessionStore();
  const authorized =
    token === undefined ||
    isPublicPath(pathname) ||
    isAuthorized(
      {
        authorization: request.headers.get("authorization"),
        sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
      },
      token,
      (id) => sessions.isLive(id),
    );

  if (!authorized) {
    if (isApi) {
      return refuse(
        true,
        401,
        "unauthorized",
        "This Trailscope needs its access token: log in or send Authorization: Bearer.",
        { "WWW-Authenticate": 'Bearer realm="trailscope"' },
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
