import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "./rate-limiter";

// Fake timers drive both the limiter's setTimeout and its clock, so spacing is asserted exactly.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RateLimiter", () => {
  it("spaces requests of one key evenly and leaves other keys alone", async () => {
    const limiter = new RateLimiter(
      () => 10,
      () => Date.now(),
    );
    const times: number[] = [];
    let other: number | undefined;
    const granted = Promise.all([
      ...Array.from({ length: 4 }, () => limiter.acquire("a/us-east-1").then(() => times.push(Date.now()))),
      limiter.acquire("b/us-east-1").then(() => (other = Date.now())),
    ]);
    await vi.advanceTimersByTimeAsync(99);
    expect(times).toEqual([0]);
    expect(other).toBe(0);
    await vi.advanceTimersByTimeAsync(201);
    await granted;
    expect(times).toEqual([0, 100, 200, 300]);
  });

  it("stops waiting when the signal aborts", async () => {
    const limiter = new RateLimiter(
      () => 1,
      () => Date.now(),
    );
    await limiter.acquire("k");
    const controller = new AbortController();
    let settled: { at: number; outcome: unknown } | undefined;
    void limiter.acquire("k", controller.signal).then(
      () => (settled = { at: Date.now(), outcome: "granted" }),
      (error: unknown) => (settled = { at: Date.now(), outcome: error }),
    );
    setTimeout(() => controller.abort(), 20);
    await vi.advanceTimersByTimeAsync(20);
    expect(settled).toMatchObject({ at: 20, outcome: { name: "AbortError" } });
  });

  it("gives an abandoned slot to the next request instead of keeping it", async () => {
    const limiter = new RateLimiter(
      () => 10,
      () => Date.now(),
    );
    await limiter.acquire("k");
    const controller = new AbortController();
    const abandoned = Array.from({ length: 20 }, () =>
      limiter.acquire("k", controller.signal).catch((error: unknown) => error),
    );
    controller.abort();
    await Promise.all(abandoned);
    let grantedAt: number | undefined;
    void limiter.acquire("k").then(() => (grantedAt = Date.now()));
    // Twenty abandoned waiters would have pushed this to 2,100 ms if they had kept their slots.
    await vi.advanceTimersByTimeAsync(100);
    expect(grantedAt).toBe(100);
  });
});
