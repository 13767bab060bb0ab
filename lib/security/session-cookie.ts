import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "./access-token";

interface CookieOptions {
  httpOnly: true;
  sameSite: "strict";
  secure: boolean;
  path: "/";
  maxAge: number;
}

/** HttpOnly so page script cannot read it; Strict so no other site's form or link carries it; Secure over https. */
export function sessionCookie(
  request: NextRequest,
  value: string,
  maxAge: number,
): { name: string; value: string } & CookieOptions {
  const https =
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  return {
    name: SESSION_COOKIE,
    value,
    httpOnly: true,
    sameSite: "strict",
    secure: https,
    path: "/",
    maxAge,
  };
}

/**
 * A route handler's redirect to a path on this site, with a relative Location: `request.url` names
 * the host Next bound to (localhost), and a cookie set for 127.0.0.1 would not follow it there.
 */
export function redirectToPath(pathWithQuery: string): NextResponse {
  return new NextResponse(null, {
    status: 303,
    headers: { Location: pathWithQuery, "Cache-Control": "no-store" },
  });
}
