import "server-only";

/**
 * Wrong-token attempts per client: after `maxFailures` within `windowMs` the client must wait until
 * the oldest failure leaves the window. Without it a script tries hundreds of tokens a second.
 */

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 60_000;
/** Clients tracked at once, so a flood of spoofed-looking keys cannot grow the table without bound. */
const MAX_CLIENTS = 10_000;

export class LoginRateLimiter {
  /** Client → times (ms) of its failures still inside the window, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxFailures: number = LOGIN_MAX_FAILURES,
    private readonly windowMs: number = LOGIN_WINDOW_MS,
  ) {}

  /** Seconds the client must wait before its next attempt, or 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    // Re-inserting moves the client to the end, so the first key is always the least recently failing.
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.maxFailures));
    if (this.failures.size > MAX_CLIENTS) {
      const stalest = this.failures.keys().next().value;
      if (stalest !== undefined) this.failures.delete(stalest);
    }
  }

  recordSuccess(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(client) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(client);
    return recent;
  }
}

const GLOBAL_KEY = Symbol.for("trailscope.login-rate-limiter");

export function loginRateLimiter(): LoginRateLimiter {
  const holder = globalThis as { [GLOBAL_KEY]?: LoginRateLimiter };
  holder[GLOBAL_KEY] ??= new LoginRateLimiter();
  return holder[GLOBAL_KEY];
}
