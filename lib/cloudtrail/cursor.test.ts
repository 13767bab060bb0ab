import { describe, expect, it } from "vitest";
import { InputError } from "../events/errors";
import { parseEventQuery, type EventQuery } from "../query/event-query";
import { decodeCursor, encodeCursor, queryFingerprint } from "./cursor";

const now = new Date("2026-11-25T12:00:00Z");
function query(params: Record<string, string>, at = now): EventQuery {
  const parsed = parseEventQuery(new URLSearchParams(params), at);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

const sources = [
  { accountId: "111122223333", region: "us-east-1", position: { token: "opaque+token/==", offset: 17 } },
  { accountId: "111122223333", region: "eu-west-1", position: null },
  { accountId: "444455556666", region: "us-east-1", position: { offset: 0 } },
];

describe("cursor", () => {
  it("round-trips the window and every source's position", () => {
    const q = query({ range: "1d", username: "alice" });
    const text = encodeCursor(q, { start: q.start, end: q.end }, sources);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    // Later, "1d" means another window: the cursor's own window wins.
    const later = query({ range: "1d", username: "alice", limit: "10" }, new Date(now.getTime() + 3_600_000));
    expect(decodeCursor(text, later)).toEqual({ window: { start: q.start, end: q.end }, sources });
  });

  it("belongs to its filters only", () => {
    const q = query({ range: "1d", username: "alice" });
    const text = encodeCursor(q, { start: q.start, end: q.end }, sources);
    const others: Record<string, string>[] = [
      { range: "1d", username: "bob" },
      { range: "7d", username: "alice" },
      { range: "1d", username: "alice", region: "all" },
    ];
    for (const other of others) {
      expect(() => decodeCursor(text, query(other))).toThrow(InputError);
    }
    expect(queryFingerprint(query({ start: "2026-11-01T00:00:00Z" }))).not.toBe(
      queryFingerprint(query({ start: "2026-11-02T00:00:00Z" })),
    );
  });

  it("rejects damaged or forged cursors as bad input", () => {
    const q = query({});
    const bad = (text: string) => expect(() => decodeCursor(text, q)).toThrow(/^cursor: /);
    bad("");
    bad("!!!");
    bad(Buffer.from("not json").toString("base64url"));
    bad(Buffer.from(JSON.stringify({ v: 2 })).toString("base64url"));
    bad(
      Buffer.from(
        JSON.stringify({ v: 1, w: [0, 1], f: queryFingerprint(q), s: [{ a: "1", r: "us-east-1", p: null }] }),
      ).toString("base64url"),
    );
    bad(
      Buffer.from(JSON.stringify({ v: 1, w: [5, 1], f: queryFingerprint(q), s: [] })).toString("base64url"),
    );
  });
});
