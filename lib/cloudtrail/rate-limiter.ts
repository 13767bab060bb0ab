/**
 * LookupEvents allows 2 requests per second per account and region, and AWS will not raise it. Every
 * request of the process (all browser tabs, exports, investigations) takes its turn here, spaced
 * evenly, so AWS rarely has to throttle and the SDK rarely has to retry.
 */
export class RateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly perSecond: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Resolves when `key` may send its next request; rejects with the signal's reason when aborted. */
  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.clock();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, slot + 1000 / this.perSecond());
    const wait = slot - now;
    if (wait <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : abortError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, wait);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function abortError(): Error {
  const error = new Error("The request was cancelled.");
  error.name = "AbortError";
  return error;
}
