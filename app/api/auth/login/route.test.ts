import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "@/lib/config";
import { LOGIN_MAX_FAILURES } from "@/lib/security/login-rate-limit";
import { PEER_HEADER } from "@/lib/security/request-guards";
import { sessionStore } from "@/lib/security/sessions";
import { POST } from "./route";

const TOKEN = "route-test-token-4c9e1a7b";

beforeAll(() => setSettingsForTest(parseSettings({ TRAILSCOPE_STORE: "off", TRAILSCOPE_TOKEN: TOKEN })));
afterAll(() => setSettingsForTest(undefined));

function login(token: string, peer: string, next?: string): Promise<Response> {
  return POST(
    new NextRequest("http://127.0.0.1:3000/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", [PEER_HEADER]: peer },
      body: JSON.stringify({ token, next }),
    }),
  );
}

describe("POST /api/auth/login", () => {
  it("answers 429 with Retry-After after five wrong tokens from one address, the right one included", async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect((await login("wrong-token-0000000000", "192.0.2.10")).status).toBe(401);
    }
    const blocked = await login(TOKEN, "192.0.2.10");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(await blocked.json()).toMatchObject({ error: "too_many_requests" });
    expect(blocked.headers.get("set-cookie")).toBeNull();
    // Another address is not held back by the first one's failures.
    expect((await login(TOKEN, "192.0.2.11")).status).toBe(200);
  });

  it("sets a cookie holding a live server-side session id, not the token", async () => {
    const response = await login(TOKEN, "192.0.2.12");
    const id = /trailscope_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
    expect(id).toBeDefined();
    expect(id).not.toContain(TOKEN);
    expect(sessionStore().isLive(id!)).toBe(true);
  });
});
