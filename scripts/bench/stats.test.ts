import { describe, expect, it } from "vitest";
import { summarize, withMemoryPeak } from "./stats";

describe("summarize", () => {
  it("takes nearest-rank percentiles of unsorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it("reads a single sample as every percentile and an empty list as zeros", () => {
    expect(summarize([2.0004])).toMatchObject({ n: 1, p50: 2, p99: 2, max: 2 });
    expect(summarize([])).toEqual({ n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });
});

describe("withMemoryPeak", () => {
  it("returns the result and a peak heap at least as high as what the work held", async () => {
    const { result, peakHeap, peakRss } = await withMemoryPeak(async () => {
      const held = new Array<number>(2_000_000).fill(1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      return { length: held.length, heap: process.memoryUsage().heapUsed };
    }, 10);
    expect(result.length).toBe(2_000_000);
    expect(peakHeap).toBeGreaterThanOrEqual(result.heap);
    expect(peakRss).toBeGreaterThan(peakHeap);
  });
});
