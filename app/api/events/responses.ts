import "server-only";
import type { BadRequestBody, ErrorBody } from "@/lib/events/api-contract";
import { ConfigError, InputError, UpstreamError } from "@/lib/events/errors";

/** The error answers shared by the event routes: never a stack trace, always something to act on. */

export const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export function badRequest(issues: { param: string; message: string }[]): Response {
  const body: BadRequestBody = {
    error: "bad_request",
    message: issues.map((i) => `${i.param}: ${i.message}`).join("; "),
    issues,
  };
  return Response.json(body, { status: 400, headers: NO_STORE });
}

export function errorResponse(status: number, body: ErrorBody): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/** Maps what `lib` throws to a status: the caller's input 400, AWS 502, Trailscope's settings 500. */
export function failureResponse(error: unknown, what: string): Response {
  if (error instanceof InputError) return badRequest(error.issues);
  if (error instanceof UpstreamError) {
    const { message, hint } = error.sourceError;
    return errorResponse(502, { error: "upstream_error", message, hint });
  }
  if (error instanceof ConfigError) {
    return errorResponse(500, {
      error: "config_error",
      message: error.message,
      hint: "Fix the setting and restart Trailscope (see the README's settings).",
    });
  }
  console.error(`${what} failed:`, error instanceof Error ? error.message : String(error));
  return errorResponse(500, {
    error: "internal_error",
    message: `${what} failed on the server; see its log.`,
  });
}
