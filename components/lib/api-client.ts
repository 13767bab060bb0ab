import type { BadRequestBody, ErrorBody } from "@/lib/events/api-contract";
import type { ParamIssue } from "@/lib/shared/params";

/**
 * The browser's side of the API: one reader for error answers and one for NDJSON streams, so every
 * hook words a failure the same way and treats a cut-off stream the same way.
 */

/** What an error answer (400 with its issues, 404, 500, 502) says, ready to show. */
export interface ApiError {
  status: number;
  /** The server's message followed by its hint, or the bare status when the body is not ours. */
  message: string;
  /** For a 400: which parameter was wrong and why. */
  issues: ParamIssue[];
}

export async function readApiError(response: Response): Promise<ApiError> {
  const fallback = `The server answered HTTP ${response.status}.`;
  let body: Partial<BadRequestBody> & Partial<ErrorBody>;
  try {
    // A proxy or a crash page can answer with HTML: anything that is not our JSON gets the status.
    body = JSON.parse(await response.text()) as Partial<BadRequestBody> & Partial<ErrorBody>;
  } catch {
    return { status: response.status, message: fallback, issues: [] };
  }
  const message = typeof body.message === "string" && body.message ? body.message : fallback;
  return {
    status: response.status,
    message: body.hint ? `${message} ${body.hint}` : message,
    issues: Array.isArray(body.issues) ? body.issues : [],
  };
}

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** GETs a JSON answer; a non-2xx status becomes `ApiError`. Network failures and aborts reject. */
export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<ApiAnswer<T>> {
  const response = await fetch(url, init);
  if (!response.ok) return { ok: false, error: await readApiError(response) };
  return { ok: true, value: (await response.json()) as T };
}

/**
 * Each message of an NDJSON body, in order, as it arrives. The server ends every message with a
 * newline, so a last piece without one was cut off in transit: it is dropped rather than misread,
 * and the caller sees the stream end without its final message.
 */
export async function* readNdjson<T>(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<T, void, undefined> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) yield JSON.parse(line) as T;
        newline = buffer.indexOf("\n");
      }
    }
  } finally {
    // A consumer that stops early (unmount, a new query) releases the connection.
    await reader.cancel().catch(() => undefined);
  }
}

/** GETs an NDJSON stream (`Accept: application/x-ndjson`); a non-2xx status becomes `ApiError`. */
export async function fetchNdjson<T>(
  url: string,
  init: { signal?: AbortSignal } = {},
): Promise<{ ok: true; messages: AsyncGenerator<T, void, undefined> } | { ok: false; error: ApiError }> {
  const response = await fetch(url, { headers: { Accept: "application/x-ndjson" }, signal: init.signal });
  if (!response.ok || !response.body) return { ok: false, error: await readApiError(response) };
  return { ok: true, messages: readNdjson<T>(response.body) };
}
