import { afterEach, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("spaces requests of one key evenly and leaves other keys alone", async () => {
    const limiter = new RateLimiter(() => 10);
    const started = Date.now();
    const times: number[] = [];
    let other = Number.POSITIVE_INFINITY;
    await Promise.all([
      ...Array.from({ length: 4 }, () =>
        limiter.acquire("a/us-east-1").then(() => times.push(Date.now() - started)),
      ),
      limiter.acquire("b/us-east-1").then(() => (other = Date.now() - started)),
    ]);
    times.sort((x, y) => x - y);
    expect(times[3]!).toBeGreaterThanOrEqual(290);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(90);
    expect(other).toBeLessThan(50);
  });

  it("stops waiting when the signal aborts", async () => {
    const limiter = new RateLimiter(() => 1);
    await limiter.acquire("k");
    const controller = new AbortController();
    const waiting = limiter.acquire("k", controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("gives an abandoned slot to the next request instead of keeping it", async () => {
    const limiter = new RateLimiter(() => 10);
    await limiter.acquire("k");
    const controller = new AbortController();
    const abandoned = Array.from({ length: 20 }, () =>
      limiter.acquire("k", controller.signal).catch((error: unknown) => error),
    );
    controller.abort();
    await Promise.all(abandoned);
    const started = Date.now();
    await limiter.acquire("k");
    // Twenty abandoned waiters would have pushed this past 2 s if they had kept their slots.
    expect(Date.now() - started).toBeLessThan(250);
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
