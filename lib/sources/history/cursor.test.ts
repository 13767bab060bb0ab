import { describe, expect, it } from "vitest";
import { InputError } from "../../events/errors";
import { parseEventQuery, type EventQuery } from "../../query/event-query";
import { queryFingerprint, sealCursor } from "../../query/opaque-cursor";
import { decodeCursor, encodeCursor } from "./cursor";

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
    expect(text).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
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

  it("rejects damaged, unsigned, tampered and forged cursors as bad input", () => {
    const q = query({});
    const bad = (text: string) => expect(() => decodeCursor(text, q, now)).toThrow(/^cursor: /);
    bad("");
    bad("!!!");
    bad(Buffer.from("not json").toString("base64url"));
    // The unsigned form of earlier versions, with a window end past JavaScript's last date (was a 500).
    const unsigned = { v: 1, w: [0, 9e15], f: queryFingerprint(q), s: [] };
    bad(Buffer.from(JSON.stringify(unsigned)).toString("base64url"));
    const good = encodeCursor(q, { start: q.start, end: q.end }, sources);
    const [body, signature] = good.split(".") as [string, string];
    const flipped = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    bad(`${flipped(body, 10)}.${signature}`);
    bad(`${body}.${flipped(signature, 3)}`);
    bad(`${body}.${signature}x`);
    // Signed, but of the other kind of cursor: the archive's.
    bad(sealCursor("archive/1", q, { w: [q.start.getTime(), q.end.getTime()], s: [] }));
  });

  it("refuses a signed cursor whose window is not a date, reversed, widened or in the future", () => {
    const q = query({ range: "1d" });
    const day = q.end.getTime() - q.start.getTime();
    const forged = (w: [number, number]) => sealCursor("history/1", q, { w, s: [] });
    const bad = (text: string, message: RegExp) => expect(() => decodeCursor(text, q, now)).toThrow(message);
    bad(forged([q.start.getTime(), 9e15]), /^cursor: has a time window that is not a real date/);
    bad(forged([q.end.getTime(), q.start.getTime()]), /^cursor: has a time window whose start/);
    bad(forged([0, q.end.getTime()]), /^cursor: has a time window whose start must not be before 2013/);
    bad(forged([Date.UTC(2020, 0, 1), q.end.getTime()]), /^cursor: has a time window outside/);
    bad(forged([q.start.getTime() + day, q.end.getTime() + day]), /^cursor: has a time window whose end/);
    const fixed = query({ start: "2026-11-20T00:00:00Z", end: "2026-11-21T00:00:00Z" });
    const wider = sealCursor("history/1", fixed, { w: [Date.UTC(2026, 10, 1), fixed.end.getTime()], s: [] });
    expect(() => decodeCursor(wider, fixed, now)).toThrow(/^cursor: has a time window outside/);
  });
});
