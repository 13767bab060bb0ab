import "server-only";
import type { BadRequestBody, ErrorBody } from "@/lib/events/api-contract";
import { ConfigError, InputError, UpstreamError } from "@/lib/events/errors";
import type { ParamIssue } from "@/lib/shared/params";

/**
 * The answers of every route handler: never a stack trace, always something to act on, and never
 * cached (they hold a user's audit data or echo their input).
 */

export const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export function jsonResponse(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(NO_STORE)) headers.set(name, value);
  return Response.json(body, { status: init.status ?? 200, headers });
}

/** 400 naming each bad parameter; 413 for a body over the limit, with the same shape. */
export function badRequest(issues: ParamIssue[], status: 400 | 413 = 400): Response {
  const body: BadRequestBody = {
    error: "bad_request",
    message: issues.map((i) => `${i.param}: ${i.message}`).join("; "),
    issues,
  };
  return jsonResponse(body, { status });
}

export function errorResponse(status: 404 | 409 | 500 | 502, body: ErrorBody): Response {
  return jsonResponse(body, { status });
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
      hint: "Fix the setting and restart Trailscope (see docs/settings.md).",
    });
  }
  console.error(`${what} failed:`, error instanceof Error ? error.message : String(error));
  return errorResponse(500, {
    error: "internal_error",
    message: `${what} failed on the server; see its log.`,
  });
}

/**
 * Streams `messages` as NDJSON, one JSON value a line, pulled as the client reads. A failure after
 * the first line can no longer change the status, so it becomes the `error` line `onError` returns
 * (and is logged); a client that went away gets nothing more.
 */
export function ndjsonResponse<T>(
  messages: AsyncIterator<T>,
  options: { signal: AbortSignal; what: string; onError: (message: string) => T },
): Response {
  const encoder = new TextEncoder();
  const line = (message: T) => encoder.encode(`${JSON.stringify(message)}\n`);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await messages.next();
        if (next.done) controller.close();
        else controller.enqueue(line(next.value));
      } catch (error) {
        if (!options.signal.aborted) {
          console.error(`${options.what} failed:`, error instanceof Error ? error.message : String(error));
          controller.enqueue(line(options.onError(`${options.what} failed on the server; see its log.`)));
        }
        controller.close();
      }
    },
    async cancel() {
      await messages.return?.(undefined);
    },
  });
  return new Response(body, {
    headers: { ...NO_STORE, "Content-Type": "application/x-ndjson; charset=utf-8" },
  });
}
