import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The access token (TRAILSCOPE_TOKEN): its strength rule, how requests present it, and where a login
 * may lead. Not `server-only`: the launcher checks the token rule before it starts anything.
 */

export const TOKEN_MIN_LENGTH = 16;
export const TOKEN_MIN_DISTINCT_CHARACTERS = 6;
export const TOKEN_MIN_ESTIMATED_BITS = 32;

/** The cookie set by the login form: a random session id (see sessions.ts), never the token. */
export const SESSION_COOKIE = "trailscope_session";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Bits estimated from the token's own character frequencies (Shannon entropy times length). It
 * undercounts a random token a little and cannot see dictionary words, but it catches the tokens a
 * person types to get past a length check (`aaaaaaaaaaaaaaaa`, `abababababababab`).
 */
export function estimatedTokenBits(token: string): number {
  const chars = [...token];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * chars.length;
}

/** Why a token is unusable, or undefined when it is fine. Shared by the launcher and the settings parser. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < TOKEN_MIN_LENGTH) return `must be at least ${TOKEN_MIN_LENGTH} characters`;
  if (/\s/.test(token)) return "must not contain spaces";
  const distinct = new Set(token).size;
  const bits = estimatedTokenBits(token);
  if (distinct < TOKEN_MIN_DISTINCT_CHARACTERS || bits < TOKEN_MIN_ESTIMATED_BITS) {
    return (
      `is too easy to guess (${distinct} different characters, about ${Math.floor(bits)} bits; needs at ` +
      `least ${TOKEN_MIN_DISTINCT_CHARACTERS} and ${TOKEN_MIN_ESTIMATED_BITS}): use a random value, e.g. ` +
      "`openssl rand -base64 32`"
    );
  }
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

/** The token from `Authorization: Bearer <token>`, if that is the header's scheme. */
export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** Whether a request carries the token (Bearer header) or the id of a live login session. */
export function isAuthorized(
  request: { authorization: string | null; sessionCookie: string | undefined },
  token: string,
  isLiveSession: (id: string) => boolean,
): boolean {
  const bearer = bearerToken(request.authorization);
  if (bearer !== undefined && secretsMatch(bearer, token)) return true;
  return request.sessionCookie !== undefined && isLiveSession(request.sessionCookie);
}

const PLACEHOLDER_ORIGIN = "http://trailscope.invalid";

/**
 * Where to send the user after logging in: only a path on this site. The URL parser normalises first
 * (`/.//evil`, `/..//evil` and `/%2e//evil` all become `//evil`), and the result is what is checked,
 * because the result is what a browser reads from the Location header or the link.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A leading `//` is protocol-relative: another host.
  if (path.startsWith("//")) return "/";
  return path;
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
