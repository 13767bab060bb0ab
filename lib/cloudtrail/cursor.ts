import { createHash } from "node:crypto";
import { z } from "zod";
import { InputError } from "../events/errors";
import { accountIdSchema, regionSchema } from "../shared/aws-names";
import type { EventQuery } from "../query/event-query";
import type { SourcePosition } from "./merge";

/**
 * The continuation of a cut answer: the fixed time window (a NextToken is only valid for unchanged
 * parameters), a fingerprint of the filters, and per source where to resume. Opaque to clients
 * (base64url JSON); validated when read back, since it comes from the URL.
 */

const cursorSchema = z.object({
  v: z.literal(1),
  /** The window, epoch milliseconds. */
  w: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Fingerprint of the query's filters. */
  f: z.string().regex(/^[0-9a-f]{16}$/),
  s: z
    .array(
      z.object({
        a: accountIdSchema,
        r: regionSchema,
        /** Null: nothing left in this source. */
        p: z.union([
          z.null(),
          z.object({ t: z.string().min(1).max(20_000).optional(), o: z.number().int().min(0).max(10_000) }),
        ]),
      }),
    )
    .max(2_000),
});

export type CursorData = z.output<typeof cursorSchema>;

export interface CursorSource {
  accountId: string;
  region: string;
  position: SourcePosition | null;
}

export interface DecodedCursor {
  window: { start: Date; end: Date };
  sources: CursorSource[];
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

export function encodeCursor(
  query: EventQuery,
  window: { start: Date; end: Date },
  sources: CursorSource[],
): string {
  const data: CursorData = {
    v: 1,
    w: [window.start.getTime(), window.end.getTime()],
    f: queryFingerprint(query),
    s: sources.map((s) => ({
      a: s.accountId,
      r: s.region,
      p: s.position ? { ...(s.position.token ? { t: s.position.token } : {}), o: s.position.offset } : null,
    })),
  };
  return Buffer.from(JSON.stringify(data)).toString("base64url");
}

const bad = (message: string) => new InputError([{ param: "cursor", message }]);

/** Reads a cursor back for the same query; anything else is the caller's mistake (HTTP 400). */
export function decodeCursor(text: string, query: EventQuery): DecodedCursor {
  if (!/^[A-Za-z0-9_-]{1,100000}$/.test(text)) throw bad("is not a Trailscope cursor");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw bad("is not a Trailscope cursor");
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw bad("is not a Trailscope cursor (or is damaged)");
  const data = parsed.data;
  if (data.f !== queryFingerprint(query)) {
    throw bad(
      "belongs to a different query: change filters without a cursor, it only continues the same query",
    );
  }
  const [start, end] = data.w;
  if (start > end) throw bad("has an invalid time window");
  return {
    window: { start: new Date(start), end: new Date(end) },
    sources: data.s.map((s) => ({
      accountId: s.a,
      region: s.r,
      position: s.p ? { ...(s.p.t ? { token: s.p.t } : {}), offset: s.p.o } : null,
    })),
  };
}
