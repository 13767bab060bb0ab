import { describe, expect, it } from "vitest";
import { MAX_SESSIONS, SessionStore } from "./sessions";

const TOKEN = "correct-horse-battery-staple-42";

function clock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SessionStore", () => {
  it("hands out random ids unrelated to the token, live until revoked", () => {
    const store = new SessionStore();
    const a = store.create();
    const b = store.create();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain(TOKEN);
    expect(store.isLive(a)).toBe(true);
    store.revoke(a);
    expect(store.isLive(a)).toBe(false);
    expect(store.isLive(b)).toBe(true);
    expect(store.isLive(TOKEN)).toBe(false);
    expect(store.isLive("")).toBe(false);
  });

  it("expires sessions after their maximum age", () => {
    const time = clock(Date.UTC(2026, 10, 25));
    const store = new SessionStore(time.now, 60_000);
    const id = store.create();
    time.advance(59_999);
    expect(store.isLive(id)).toBe(true);
    time.advance(1);
    expect(store.isLive(id)).toBe(false);
  });

  it("keeps at most MAX_SESSIONS, dropping the oldest", () => {
    const store = new SessionStore();
    const first = store.create();
    const second = store.create();
    for (let i = 2; i < MAX_SESSIONS; i++) store.create();
    expect(store.isLive(first)).toBe(true);
    const newest = store.create();
    expect(store.isLive(first)).toBe(false);
    expect(store.isLive(second)).toBe(true);
    expect(store.isLive(newest)).toBe(true);
  });
});
