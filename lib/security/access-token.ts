import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The access token (TRAILSCOPE_TOKEN) and the login session derived from it. Not `server-only`:
 * the launcher checks the token rule before it starts anything.
 */

export const TOKEN_MIN_LENGTH = 16;

/** The cookie set by the login form. It holds an HMAC of the token, never the token itself. */
export const SESSION_COOKIE = "trailscope_session";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Why a token is unusable, or undefined when it is fine. Shared by the launcher and the settings parser. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < TOKEN_MIN_LENGTH) return `must be at least ${TOKEN_MIN_LENGTH} characters`;
  if (/\s/.test(token)) return "must not contain spaces";
  return undefined;
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Constant-time comparison: both sides are hashed first so the digests always have the same length
 * and the time taken says nothing about how much of the candidate was right.
 */
export function secretsMatch(candidate: string, expected: string): boolean {
  return timingSafeEqual(sha256(candidate), sha256(expected));
}

function sessionSignature(token: string, issuedAt: number): Buffer {
  return createHmac("sha256", token).update(`trailscope-session:v1:${issuedAt}`).digest();
}

/** `<issued-at seconds>.<base64url HMAC>`: a stolen cookie expires, and changing the token voids every session. */
export function createSessionValue(token: string, nowMs: number = Date.now()): string {
  const issuedAt = Math.floor(nowMs / 1000);
  return `${issuedAt}.${sessionSignature(token, issuedAt).toString("base64url")}`;
}

export function verifySessionValue(value: string, token: string, nowMs: number = Date.now()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match?.[1] || !match[2]) return false;
  const issuedAt = Number(match[1]);
  const age = nowMs / 1000 - issuedAt;
  // A small allowance for clock steps; a session from the future is otherwise refused.
  if (age > SESSION_MAX_AGE_SECONDS || age < -60) return false;
  const given = Buffer.from(match[2], "base64url");
  const expected = sessionSignature(token, issuedAt);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The token from `Authorization: Bearer <token>`, if that is the header's scheme. */
export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** Whether a request carries the token (Bearer header) or a valid login session cookie. */
export function isAuthorized(
  request: { authorization: string | null; sessionCookie: string | undefined },
  token: string,
  nowMs: number = Date.now(),
): boolean {
  const bearer = bearerToken(request.authorization);
  if (bearer !== undefined && secretsMatch(bearer, token)) return true;
  return request.sessionCookie !== undefined && verifySessionValue(request.sessionCookie, token, nowMs);
}

/**
 * Where to send the user after logging in: only a path on this site. Anything that a browser could
 * read as another origin (`//evil`, `/\evil`, `https://…`) falls back to the home page.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  try {
    const base = "http://trailscope.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/** Paths reachable without the token: the login form and its routes, the health check, Next's static assets. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/login" ||
    pathname.startsWith("/api/auth/") ||
    pathname === "/api/health" ||
    pathname.startsWith("/_next/static/") ||
    pathname === "/favicon.ico"
  );
}
