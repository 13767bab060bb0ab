import type { SourceError } from "../../events/api-contract";
import type { AuditEvent } from "../../events/audit-event";

/**
 * A k-way merge of paged sources that are each newest first (LookupEvents per account and region)
 * into one newest-first stream. An event is emitted only once every unfinished source has fetched
 * past it, so the order is exact; each source's position is tracked so a cut answer can resume
 * exactly where it stopped, without skipping or repeating an event. One event (account, eventId) is
 * emitted once per answer even when two sources return it.
 */

export interface PageResult {
  events: AuditEvent[];
  nextToken?: string;
  apiCalls: number;
}

/** A source of pages: `token` is the NextToken of the previous page, undefined for the first. */
export interface PageSource {
  fetchPage(token: string | undefined, signal: AbortSignal): Promise<PageResult>;
}

/** The page (by the token that fetches it) holding a source's next unemitted event, and its index in that page. */
export interface SourcePosition {
  token?: string;
  offset: number;
}

export interface MergeSourceState {
  state: "pending" | "running" | "done" | "failed" | "cancelled";
  pages: number;
  /** Events the source returned (before `accept`). */
  events: number;
  apiCalls: number;
  error?: SourceError;
}

export type MergeMessage = { type: "events"; events: AuditEvent[] } | { type: "progress" };

export interface MergeOptions {
  /** Per source: where to start (`{offset: 0}` from the newest event), or null when it has nothing left. */
  start: (SourcePosition | null)[];
  limit: number;
  /** Server-side filters; rejected events are skipped but still advance the position. */
  accept: (event: AuditEvent) => boolean;
  describeError: (error: unknown) => SourceError;
  signal?: AbortSignal;
}

interface Buffered {
  event: AuditEvent;
  time: number;
  position: SourcePosition;
}

interface Run {
  source: PageSource;
  status: MergeSourceState;
  buffer: Buffered[];
  /** Where the next unfetched page starts; null when the source has no more pages (or failed). */
  next: SourcePosition | null;
  inflight: boolean;
  failed: boolean;
}

/** Emit events in batches of at most this many, so the first rows reach the browser early. */
const BATCH = 200;

export class MergedPager {
  readonly states: MergeSourceState[];
  apiCalls = 0;
  scanned = 0;
  emitted = 0;
  /** Set when `run()` ends: stopped because `limit` events were emitted while some remained. */
  truncated = false;
  cancelled = false;

  private readonly runs: Run[];
  private readonly internal = new AbortController();
  private stopped = false;
  private waiter: (() => void) | undefined;
  private pagesSinceProgress = 0;
  private readonly emittedKeys = new Set<string>();

  constructor(
    sources: PageSource[],
    private readonly options: MergeOptions,
  ) {
    this.runs = sources.map((source, index) => {
      const next = options.start[index] ?? null;
      return {
        source,
        status: { state: next ? "pending" : "done", pages: 0, events: 0, apiCalls: 0 },
        buffer: [],
        next,
        inflight: false,
        failed: false,
      };
    });
    this.states = this.runs.map((r) => r.status);
  }

  /** Per source: where a continuation starts, or null when nothing of it remains. Valid after `run()`. */
  positions(): (SourcePosition | null)[] {
    return this.runs.map((run) => run.buffer[0]?.position ?? run.next);
  }

  private wake() {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private finished(run: Run): boolean {
    return !run.inflight && (run.failed || run.next === null);
  }

  private fetch(run: Run) {
    const position = run.next;
    if (!position || run.inflight || run.failed) return;
    run.inflight = true;
    run.status.state = "running";
    run.source
      .fetchPage(position.token, this.internal.signal)
      .then(
        (page) => {
          if (this.stopped) return;
          run.status.pages++;
          run.status.events += page.events.length;
          run.status.apiCalls += page.apiCalls;
          this.apiCalls += page.apiCalls;
          this.scanned += page.events.length;
          page.events.forEach((event, offset) => {
            if (offset < position.offset || !this.options.accept(event)) return;
            const time = Date.parse(event.eventTime);
            run.buffer.push({
              event,
              time: Number.isNaN(time) ? 0 : time,
              position: { ...position, offset },
            });
          });
          const loops = page.nextToken !== undefined && page.nextToken === position.token;
          run.next = page.nextToken && !loops ? { token: page.nextToken, offset: 0 } : null;
          if (!run.next) run.status.state = "done";
          this.pagesSinceProgress++;
        },
        (error: unknown) => {
          if (this.stopped) return;
          run.failed = true;
          if (this.options.signal?.aborted) {
            run.status.state = "cancelled";
          } else {
            run.status.state = "failed";
            run.status.error = this.options.describeError(error);
          }
          this.pagesSinceProgress++;
        },
      )
      .finally(() => {
        run.inflight = false;
        this.wake();
      });
  }

  /** Starts a fetch for every unfinished source with nothing buffered; true when the merge must wait for one. */
  private blocked(): boolean {
    let blocked = false;
    for (const run of this.runs) {
      if (run.buffer.length > 0 || this.finished(run)) continue;
      this.fetch(run);
      blocked = true;
    }
    return blocked;
  }

  /** Fetches ahead only while what is buffered cannot fill the limit, so a small answer costs few calls. */
  private prefetch() {
    const buffered = this.runs.reduce((n, run) => n + run.buffer.length, 0);
    if (buffered >= this.options.limit - this.emitted) return;
    for (const run of this.runs) if (!run.inflight && !run.failed && run.next) this.fetch(run);
  }

  private newest(): Run | undefined {
    let best: Run | undefined;
    for (const run of this.runs) {
      const head = run.buffer[0];
      if (head && (!best || head.time > best.buffer[0]!.time)) best = run;
    }
    return best;
  }

  async *run(): AsyncGenerator<MergeMessage> {
    const { signal, limit } = this.options;
    const onAbort = () => {
      this.internal.abort();
      this.wake();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    let batch: AuditEvent[] = [];
    try {
      for (;;) {
        if (signal?.aborted) {
          this.cancelled = true;
          break;
        }
        if (this.emitted >= limit) break;
        if (this.blocked()) {
          if (batch.length > 0) {
            yield { type: "events", events: batch };
            batch = [];
          } else if (this.pagesSinceProgress > 0) {
            this.pagesSinceProgress = 0;
            yield { type: "progress" };
          } else {
            await new Promise<void>((resolve) => (this.waiter = resolve));
          }
          continue;
        }
        this.prefetch();
        const run = this.newest();
        if (!run) break;
        const { event } = run.buffer.shift()!;
        // Sources that overlap (credentials of one account used for two, a proxy repeating a page)
        // would otherwise show an event twice.
        const key = `${event.accountId}/${event.eventId}`;
        if (event.eventId && this.emittedKeys.has(key)) continue;
        this.emittedKeys.add(key);
        batch.push(event);
        this.emitted++;
        if (batch.length >= BATCH) {
          yield { type: "events", events: batch };
          batch = [];
        }
      }
    } finally {
      this.stopped = true;
      this.internal.abort();
      signal?.removeEventListener("abort", onAbort);
    }
    if (batch.length > 0) yield { type: "events", events: batch };
    if (this.pagesSinceProgress > 0) {
      this.pagesSinceProgress = 0;
      yield { type: "progress" };
    }
    const positions = this.positions();
    this.truncated = !this.cancelled && this.runs.some((run, i) => !run.failed && positions[i] !== null);
    for (const run of this.runs) {
      if (run.status.state === "running" || run.status.state === "pending") {
        run.status.state = this.cancelled ? "cancelled" : "done";
      }
    }
  }
}
