/** Latency summaries and memory readings shared by the benchmark's workers and its report. */

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, in milliseconds rounded to the microsecond. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const round = (value: number | undefined) => Math.round((value ?? 0) * 1000) / 1000;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    n: sorted.length,
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    p99: round(rank(0.99)),
    max: round(sorted.at(-1)),
    mean: round(sorted.length > 0 ? total / sorted.length : 0),
  };
}

export const MiB = 1024 * 1024;

export function toMiB(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

/** Forces a full collection when the worker runs with --expose-gc, so heap readings are what is retained. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** The peak RSS and heap of this process while `run` works, sampled every `everyMs`. */
export async function withMemoryPeak<T>(
  run: () => Promise<T>,
  everyMs = 25,
): Promise<{ result: T; peakRss: number; peakHeap: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  try {
    const result = await run();
    sample();
    return { result, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}
