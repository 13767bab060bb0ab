import { abortError } from "./errors";

/**
 * LookupEvents allows 2 requests per second per account and region, and AWS will not raise it. Every
 * request of the process (all browser tabs, exports, investigations) takes its turn here, spaced
 * evenly, so AWS rarely has to throttle and the SDK rarely has to retry.
 *
 * Waiters queue per key and a slot is granted only when its time comes, so a waiter that gives up
 * (the browser went away) leaves the queue without having used up a slot the next request needs.
 * A user's live request goes before the store's background sync: the sync only takes slots no live
 * request is waiting for, so a backfill of 90 days never makes a page wait behind it.
 */

/** `live`: a user is waiting for the answer; `background`: the event store's sync. */
export type Priority = "live" | "background";

interface Waiter {
  priority: Priority;
  grant: () => void;
}

interface KeyQueue {
  lastGrant: number;
  waiters: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class RateLimiter {
  private readonly queues = new Map<string, KeyQueue>();

  constructor(
    private readonly perSecond: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  private interval(): number {
    return 1000 / this.perSecond();
  }

  /** Resolves when `key` may send its next request; rejects with the signal's reason when aborted. */
  acquire(key: string, signal?: AbortSignal, priority: Priority = "live"): Promise<void> {
    signal?.throwIfAborted();
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { lastGrant: Number.NEGATIVE_INFINITY, waiters: [], timer: undefined };
      this.queues.set(key, queue);
    }
    const now = this.clock();
    if (queue.waiters.length === 0 && now - queue.lastGrant >= this.interval()) {
      queue.lastGrant = now;
      return Promise.resolve();
    }
    const q = queue;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = q.waiters.indexOf(waiter);
        if (index >= 0) q.waiters.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : abortError());
      };
      const waiter: Waiter = {
        priority,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      q.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.schedule(q);
    });
  }

  private schedule(queue: KeyQueue): void {
    if (queue.timer !== undefined || queue.waiters.length === 0) return;
    const delay = Math.max(0, queue.lastGrant + this.interval() - this.clock());
    queue.timer = setTimeout(() => {
      queue.timer = undefined;
      const live = queue.waiters.findIndex((w) => w.priority === "live");
      const next = queue.waiters.splice(live >= 0 ? live : 0, 1)[0];
      if (next) {
        queue.lastGrant = this.clock();
        next.grant();
      }
      this.schedule(queue);
    }, delay);
  }
}
