/**
 * LookupEvents is limited to 2 requests per second per account and region (AWS: cannot be raised).
 * One token bucket per key; the burst equals one second's worth, at least 2.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.burst = Math.max(2, Math.ceil(rate));
  }

  tryTake(key: string): boolean {
    if (!Number.isFinite(this.rate)) return true;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return allowed;
  }
}
