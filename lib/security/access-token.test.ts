import { describe, expect, it } from "vitest";
import {
  bearerToken,
  estimatedTokenBits,
  isAuthorized,
  isPublicPath,
  safeNextPath,
  secretsMatch,
  tokenProblem,
} from "./access-token";

const TOKEN = "correct-horse-battery-staple-42";

describe("tokenProblem", () => {
  it("refuses short tokens and tokens with spaces", () => {
    expect(tokenProblem("short")).toMatch(/at least 16/);
    expect(tokenProblem("")).toMatch(/at least 16/);
    expect(tokenProblem("sixteen chars ok!")).toMatch(/spaces/);
    expect(tokenProblem(TOKEN)).toBeUndefined();
  });

  it("refuses long enough tokens that are easy to guess, and says why", () => {
    expect(tokenProblem("aaaaaaaaaaaaaaaa")).toBe(
      "is too easy to guess (1 different characters, about 0 bits; needs at least 6 and 32): use a random value, e.g. `openssl rand -base64 32`",
    );
    for (const weak of ["abababababababab", "abcabcabcabcabcabcabc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab"]) {
      expect(tokenProblem(weak), weak).toMatch(/too easy to guess/);
    }
    for (const fine of ["e2e-token-7f3a9c1d5b2e8f04", "Zx8qL2mN9pR4tV6w", "0f3a9c1d5b2e8f04"]) {
      expect(tokenProblem(fine), fine).toBeUndefined();
    }
  });

  it("estimates bits from the token's character frequencies", () => {
    expect(estimatedTokenBits("aaaaaaaaaaaaaaaa")).toBe(0);
    expect(estimatedTokenBits("abababababababab")).toBe(16);
    expect(estimatedTokenBits("0123456789abcdef")).toBe(64);
  });
});

describe("secretsMatch", () => {
  it("matches only the exact token, whatever the candidate's length", () => {
    expect(secretsMatch(TOKEN, TOKEN)).toBe(true);
    expect(secretsMatch(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(secretsMatch(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(secretsMatch("", TOKEN)).toBe(false);
    expect(secretsMatch(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });
});

describe("isAuthorized", () => {
  const live = new Set(["live-session-id"]);
  const isLive = (id: string) => live.has(id);

  it("accepts the Bearer token or a live session id, nothing else", () => {
    const ok = (authorization: string | null, sessionCookie: string | undefined) =>
      isAuthorized({ authorization, sessionCookie }, TOKEN, isLive);
    expect(ok(`Bearer ${TOKEN}`, undefined)).toBe(true);
    expect(ok(`bearer ${TOKEN}`, undefined)).toBe(true);
    expect(ok(null, "live-session-id")).toBe(true);
    expect(ok(null, "revoked-session-id")).toBe(false);
    expect(ok(null, undefined)).toBe(false);
    expect(ok("Bearer wrong-token-0000000000", undefined)).toBe(false);
    expect(ok(`Basic ${TOKEN}`, undefined)).toBe(false);
    // The raw token is not a session: the cookie must come from the login route.
    expect(ok(null, TOKEN)).toBe(false);
  });

  it("parses only the Bearer scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("Bearer abc def")).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });
});

describe("safeNextPath", () => {
  it("keeps same-site paths and drops everything that could leave the site", () => {
    expect(safeNextPath("/events/abc?region=us-east-1")).toBe("/events/abc?region=us-east-1");
    expect(safeNextPath("/")).toBe("/");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil",
      "/\tevil",
      null,
      undefined,
      "",
    ]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("checks the path after normalising it, so dot segments cannot make it protocol-relative", () => {
    for (const trick of [
      "/.//evil.example",
      "/..//evil.example",
      "/%2e//evil.example",
      "/%2E%2E//evil.example",
      "/a/..//evil.example",
      "/./\\evil.example",
      "/.\\/evil.example",
      "/%2e/%2e//evil.example/path?q=1",
    ]) {
      const result = safeNextPath(trick);
      expect(result, trick).not.toMatch(/^\/\//);
      expect(new URL(result, "https://trailscope.example").origin, trick).toBe("https://trailscope.example");
    }
    expect(safeNextPath("/.//evil.example")).toBe("/");
    // Encoded slashes stay encoded: a path segment on this site, never a host.
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNextPath("/%5C%5Cevil.example")).toBe("/%5C%5Cevil.example");
    expect(safeNextPath("/a/./b/../c?x=1#h")).toBe("/a/c?x=1#h");
  });
});

describe("isPublicPath", () => {
  it("opens only the login, health and static paths", () => {
    for (const open of [
      "/login",
      "/api/auth/login",
      "/api/auth/logout",
      "/api/health",
      "/_next/static/chunks/a.js",
    ]) {
      expect(isPublicPath(open)).toBe(true);
    }
    for (const closed of [
      "/",
      "/api/events",
      "/login/../api/events",
      "/api/healthz",
      "/events/x",
      "/_next/image",
    ]) {
      expect(isPublicPath(closed)).toBe(false);
    }
  });
});
