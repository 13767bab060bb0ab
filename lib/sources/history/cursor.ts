import "server-only";
import { z } from "zod";
import { RANGE_PRESETS, type EventQuery } from "../../query/event-query";
import { cursorWindow, openCursor, sealCursor } from "../../query/opaque-cursor";
import { accountIdSchema, regionSchema } from "../../shared/aws-names";
import type { SourcePosition } from "./merge";

/**
 * The continuation of a cut answer: the fixed time window (a NextToken is only valid for unchanged
 * parameters) and per source where to resume. Signed and bound to its query by lib/query/opaque-cursor.
 */

const KIND = "history/1";

/** Null: nothing left. */
const position = z.union([
  z.null(),
  z.object({ t: z.string().min(1).max(20_000).optional(), o: z.number().int().min(0).max(10_000) }),
]);

const cursorSchema = z.object({
  /** The window, epoch milliseconds. */
  w: z.tuple([z.number().int(), z.number().int()]),
  s: z
    .array(
      z.object({
        a: accountIdSchema,
        r: regionSchema,
        p: position,
        /** `source=all`: where the source's archive-only rows resume (absent otherwise). */
        x: position.optional(),
      }),
    )
    .max(2_000),
});

type CursorData = z.output<typeof cursorSchema>;

export interface CursorSource {
  accountId: string;
  region: string;
  position: SourcePosition | null;
  /** `source=all`: the position of the source's archive-only rows. */
  extras?: SourcePosition | null;
}

export interface DecodedCursor {
  window: { start: Date; end: Date };
  sources: CursorSource[];
}

export function encodeCursor(
  query: EventQuery,
  window: { start: Date; end: Date },
  sources: CursorSource[],
): string {
  const data: CursorData = {
    w: [window.start.getTime(), window.end.getTime()],
    s: sources.map((s) => ({
      a: s.accountId,
      r: s.region,
      p: positionData(s.position),
      ...(s.extras === undefined ? {} : { x: positionData(s.extras) }),
    })),
  };
  return sealCursor(KIND, query, data);
}

/** Reads a cursor back for the same query; anything else is the caller's mistake (HTTP 400). */
export function decodeCursor(text: string, query: EventQuery, now: Date = new Date()): DecodedCursor {
  const data = openCursor(text, KIND, query, cursorSchema);
  const rangeMs = query.range ? RANGE_PRESETS[query.range] : undefined;
  return {
    window: cursorWindow(data.w[0], data.w[1], query, rangeMs, now),
    sources: data.s.map((s) => ({
      accountId: s.a,
      region: s.r,
      position: positionOf(s.p),
      ...(s.x === undefined ? {} : { extras: positionOf(s.x) }),
    })),
  };
}

type PositionData = z.output<typeof position>;

const positionData = (p: SourcePosition | null): PositionData =>
  p ? { ...(p.token ? { t: p.token } : {}), o: p.offset } : null;

const positionOf = (p: PositionData): SourcePosition | null =>
  p ? { ...(p.t ? { token: p.t } : {}), offset: p.o } : null;
