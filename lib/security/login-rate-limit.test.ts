import { describe, expect, it } from "vitest";
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, LoginRateLimiter } from "./login-rate-limit";

function clock() {
  let now = Date.UTC(2026, 10, 25, 12);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("LoginRateLimiter", () => {
  it("blocks a client after five failures within a minute, until the oldest leaves the window", () => {
    const time = clock();
    const limiter = new LoginRateLimiter(time.now);
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
      limiter.recordFailure("10.0.0.1");
      time.advance(1_000);
    }
    // The first failure was 5 s ago: it leaves the 60 s window in 55 s.
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(55);
    expect(limiter.retryAfterSeconds("10.0.0.2")).toBe(0);
    time.advance(54_500);
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(1);
    time.advance(500);
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
    // One more failure refills the window: the second failure (at 1 s) now leaves it first.
    limiter.recordFailure("10.0.0.1");
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(1);
  });

  it("forgets failures older than the window and a client's failures after a success", () => {
    const time = clock();
    const limiter = new LoginRateLimiter(time.now);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) limiter.recordFailure("a");
    time.advance(LOGIN_WINDOW_MS);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);

    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) limiter.recordFailure("b");
    limiter.recordSuccess("b");
    limiter.recordFailure("b");
    expect(limiter.retryAfterSeconds("b")).toBe(0);
  });
});
