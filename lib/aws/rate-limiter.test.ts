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

  describe("priorities", () => {
    afterEach(() => vi.useRealTimers());

    it("grants a waiting live request before every background request queued earlier", async () => {
      vi.useFakeTimers();
      const limiter = new RateLimiter(
        () => 2,
        () => Date.now(),
      );
      const order: string[] = [];
      const take = (name: string, priority: "live" | "background") =>
        limiter.acquire("k", undefined, priority).then(() => order.push(`${name}@${Date.now()}`));
      const t0 = Date.now();
      await take("b0", "background");
      const waits = [take("b1", "background"), take("b2", "background"), take("b3", "background")];
      await vi.advanceTimersByTimeAsync(100);
      // A user opens a page while the backfill has three requests queued.
      waits.push(take("live", "live"));
      await vi.advanceTimersByTimeAsync(2_000);
      await Promise.all(waits);
      expect(order).toEqual([
        `b0@${t0}`,
        `live@${t0 + 500}`,
        `b1@${t0 + 1000}`,
        `b2@${t0 + 1500}`,
        `b3@${t0 + 2000}`,
      ]);
    });

    it("keeps first-come order within one priority and spaces every grant by the rate", async () => {
      vi.useFakeTimers();
      const limiter = new RateLimiter(
        () => 4,
        () => Date.now(),
      );
      const order: string[] = [];
      const t0 = Date.now();
      const waits = ["l1", "b1", "l2", "b2", "l3"].map((name) =>
        limiter
          .acquire("k", undefined, name.startsWith("l") ? "live" : "background")
          .then(() => order.push(`${name}@${Date.now() - t0}`)),
      );
      await vi.advanceTimersByTimeAsync(2_000);
      await Promise.all(waits);
      expect(order).toEqual(["l1@0", "l2@250", "l3@500", "b1@750", "b2@1000"]);
    });

    it("lets a background request use a slot no live request wants", async () => {
      vi.useFakeTimers();
      const limiter = new RateLimiter(
        () => 2,
        () => Date.now(),
      );
      let granted = false;
      await limiter.acquire("k", undefined, "live");
      const background = limiter.acquire("k", undefined, "background").then(() => (granted = true));
      await vi.advanceTimersByTimeAsync(499);
      expect(granted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await background;
      expect(granted).toBe(true);
    });
  });
});
