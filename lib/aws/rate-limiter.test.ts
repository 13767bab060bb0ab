import { describe, expect, it } from "vitest";
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
});
