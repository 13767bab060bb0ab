import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getSettings } from "../config";
import { InputError } from "../events/errors";
import type { EventQuery } from "./event-query";
import { windowBoundsProblem } from "../shared/time";

/**
 * The continuation tokens the API hands out (Event history's and the trail archive's): base64url JSON
 * plus an HMAC-SHA256 over the kind, the query's fingerprint and the payload. A cursor comes back in
 * a URL anyone can craft, so only what this server signed is read, and only for the query it was
 * made for; its window is checked against that query again, since a widened window is unbounded work.
 */

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
/** A cursor carries positions of up to thousands of sources; anything longer is not one of ours. */
const MAX_BODY = 2_000_000;

let processSecret: Buffer | undefined;

function secret(): Buffer {
  const configured = getSettings().cursorSecret;
  if (configured) return Buffer.from(configured, "utf8");
  processSecret ??= randomBytes(32);
  return processSecret;
}

function sign(kind: string, body: string): string {
  return createHmac("sha256", secret()).update(`${kind}.${body}`).digest("base64url");
}

export function cursorError(message: string): InputError {
  return new InputError([{ param: "cursor", message }]);
}

/** The filters a cursor belongs to: everything but the page size and, for a relative range, the clock. */
export function queryFingerprint(query: EventQuery): string {
  const { limit: _limit, start, end, range, ...filters } = query;
  const window = range ? { range } : { start: start.toISOString(), end: end.toISOString() };
  const canonical = JSON.stringify(
    Object.entries({ ...filters, ...window })
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

const envelopeSchema = z.object({ f: z.string(), d: z.unknown() });

export function sealCursor(kind: string, query: EventQuery, data: unknown): string {
  const body = Buffer.from(JSON.stringify({ f: queryFingerprint(query), d: data })).toString("base64url");
  return `${body}.${sign(kind, body)}`;
}

/** Reads back a cursor of `kind` for the same query; anything else is the caller's mistake (HTTP 400). */
export function openCursor<T extends z.ZodType>(
  text: string,
  kind: string,
  query: EventQuery,
  schema: T,
): z.output<T> {
  const dot = text.indexOf(".");
  const body = text.slice(0, dot);
  const signature = text.slice(dot + 1);
  if (dot < 1 || body.length > MAX_BODY || !/^[A-Za-z0-9_-]+$/.test(body) || !SIGNATURE.test(signature)) {
    throw cursorError("is not a Trailscope cursor");
  }
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(sign(kind, body)))) {
    throw cursorError(
      "was not issued by this server for this kind of query, or was altered (cursors also expire when the server restarts): reload without it",
    );
  }
  let envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw cursorError("is damaged");
  }
  if (envelope.f !== queryFingerprint(query)) {
    throw cursorError(
      "belongs to a different query: change filters without a cursor, it only continues the same query",
    );
  }
  const parsed = schema.safeParse(envelope.d);
  if (!parsed.success) throw cursorError("is damaged");
  return parsed.data;
}

/**
 * A cursor's window must still be its query's: inside an absolute window, or for a relative range
 * (which moves with the clock) no longer than the range and not ending after the query's "now".
 */
export function cursorWindow(
  startMs: number,
  endMs: number,
  query: Pick<EventQuery, "start" | "end">,
  rangeMs: number | undefined,
  now: Date = new Date(),
): { start: Date; end: Date } {
  const start = new Date(startMs);
  const end = new Date(endMs);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw cursorError("has a time window that is not a real date");
  }
  const bounds = windowBoundsProblem(start, end, now);
  if (bounds) throw cursorError(`has a time window whose ${bounds.param} ${bounds.message}`);
  const fits =
    rangeMs === undefined
      ? startMs >= query.start.getTime() && endMs <= query.end.getTime()
      : endMs - startMs <= rangeMs && endMs <= query.end.getTime();
  if (!fits) throw cursorError("has a time window outside this query's: reload without it");
  return { start, end };
}
