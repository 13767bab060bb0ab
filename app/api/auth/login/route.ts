import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getSettings } from "@/lib/config";
import { SESSION_MAX_AGE_SECONDS, safeNextPath, secretsMatch } from "@/lib/security/access-token";
import { loginRateLimiter } from "@/lib/security/login-rate-limit";
import { PEER_HEADER } from "@/lib/security/request-guards";
import { redirectToPath, sessionCookie } from "@/lib/security/session-cookie";
import { sessionStore } from "@/lib/security/sessions";
import type { BadRequestBody } from "@/lib/events/api-contract";

export const dynamic = "force-dynamic";

const loginSchema = z.object({
  token: z.string().min(1).max(1024),
  next: z.string().max(2048).optional(),
});

/** The login form posts here (form-encoded); scripts may post JSON `{ "token": "…" }` instead. */
export async function POST(request: NextRequest) {
  const isJson = (request.headers.get("content-type") ?? "").includes("application/json");
  const token = getSettings().token;
  // The socket address (set by peer-address.ts), not X-Forwarded-For, which the client writes itself.
  const client = request.headers.get(PEER_HEADER) || "unknown";
  const limiter = loginRateLimiter();
  const wait = token === undefined ? 0 : limiter.retryAfterSeconds(client);
  if (wait > 0) {
    return NextResponse.json(
      {
        error: "too_many_requests",
        message: `Too many wrong tokens from this address; try again in ${wait} s.`,
      },
      { status: 429, headers: { "Retry-After": String(wait), "Cache-Control": "no-store" } },
    );
  }

  let raw: unknown;
  try {
    raw = isJson ? await request.json() : Object.fromEntries((await request.formData()).entries());
  } catch {
    raw = undefined;
  }
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) {
    const body: BadRequestBody = {
      error: "bad_request",
      message: "Send the access token as `token` (form field or JSON).",
      issues: parsed.error.issues.map((issue) => ({
        param: issue.path.join(".") || "body",
        message: issue.message,
      })),
    };
    return NextResponse.json(body, { status: 400 });
  }

  const next = safeNextPath(parsed.data.next);
  if (token !== undefined && !secretsMatch(parsed.data.token, token)) {
    limiter.recordFailure(client);
    if (isJson)
      return NextResponse.json({ error: "unauthorized", message: "Wrong access token." }, { status: 401 });
    return redirectToPath(`/login?error=invalid&next=${encodeURIComponent(next)}`);
  }

  const response = isJson ? NextResponse.json({ ok: true }) : redirectToPath(next);
  if (token !== undefined) {
    limiter.recordSuccess(client);
    response.cookies.set(sessionCookie(request, sessionStore().create(), SESSION_MAX_AGE_SECONDS));
  }
  response.headers.set("Cache-Control", "no-store");
  return response;
}
