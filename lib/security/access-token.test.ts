import { describe, expect, it } from "vitest";
import {
  bearerToken,
  createSessionValue,
  isAuthorized,
  isPublicPath,
  safeNextPath,
  secretsMatch,
  SESSION_MAX_AGE_SECONDS,
  tokenProblem,
  verifySessionValue,
} from "./access-token";

const TOKEN = "correct-horse-battery-staple-42";
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("tokenProblem", () => {
  it("refuses short tokens and tokens with spaces", () => {
    expect(tokenProblem("short")).toMatch(/at least 16/);
    expect(tokenProblem("")).toMatch(/at least 16/);
    expect(tokenProblem("sixteen chars ok!")).toMatch(/spaces/);
    expect(tokenProblem(TOKEN)).toBeUndefined();
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

describe("session values", () => {
  it("never contain the token and verify only with the same token", () => {
    const value = createSessionValue(TOKEN, NOW);
    expect(value).not.toContain(TOKEN);
    expect(verifySessionValue(value, TOKEN, NOW)).toBe(true);
    expect(verifySessionValue(value, `${TOKEN}-rotated`, NOW)).toBe(false);
  });

  it("expire after the maximum age and are refused from the future", () => {
    const value = createSessionValue(TOKEN, NOW);
    expect(verifySessionValue(value, TOKEN, NOW + (SESSION_MAX_AGE_SECONDS - 1) * 1000)).toBe(true);
    expect(verifySessionValue(value, TOKEN, NOW + (SESSION_MAX_AGE_SECONDS + 1) * 1000)).toBe(false);
    expect(verifySessionValue(value, TOKEN, NOW - 10 * 60 * 1000)).toBe(false);
  });

  it("refuses tampered and malformed values", () => {
    const value = createSessionValue(TOKEN, NOW);
    const [issued, mac] = value.split(".") as [string, string];
    expect(verifySessionValue(`${Number(issued) + 1}.${mac}`, TOKEN, NOW)).toBe(false);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    expect(verifySessionValue(`${issued}.${flipped}`, TOKEN, NOW)).toBe(false);
    for (const bad of ["", ".", TOKEN, `${issued}.`, `x.${mac}`, `${issued}.${mac}.extra`]) {
      expect(verifySessionValue(bad, TOKEN, NOW)).toBe(false);
    }
  });
});

describe("isAuthorized", () => {
  it("accepts the Bearer token or a valid session cookie, nothing else", () => {
    const cookie = createSessionValue(TOKEN, NOW);
    expect(isAuthorized({ authorization: `Bearer ${TOKEN}`, sessionCookie: undefined }, TOKEN, NOW)).toBe(
      true,
    );
    expect(isAuthorized({ authorization: `bearer ${TOKEN}`, sessionCookie: undefined }, TOKEN, NOW)).toBe(
      true,
    );
    expect(isAuthorized({ authorization: null, sessionCookie: cookie }, TOKEN, NOW)).toBe(true);
    expect(isAuthorized({ authorization: null, sessionCookie: undefined }, TOKEN, NOW)).toBe(false);
    expect(
      isAuthorized({ authorization: "Bearer wrong-token-0000000000", sessionCookie: undefined }, TOKEN, NOW),
    ).toBe(false);
    expect(isAuthorized({ authorization: `Basic ${TOKEN}`, sessionCookie: undefined }, TOKEN, NOW)).toBe(
      false,
    );
    // The raw token is not a session value: the cookie must come from the login route.
    expect(isAuthorized({ authorization: null, sessionCookie: TOKEN }, TOKEN, NOW)).toBe(false);
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
