/**
 * Benchmark worker: the event store synced from Event history through lib/sync's engine (`syncWindow`,
 * the app's `lookupPage`, its shared rate limiter) against the emulator at AWS's rate, and the same
 * views answered by the AWS CLI (`lookup-events`, AWS_RETRY_MODE=adaptive) against that emulator, as
 * ratios to the store's answer. TRAILSCOPE_EMULATOR_URL and TRAILSCOPE_RATE come from the parent.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { lookupPage, type Source } from "../../lib/sources/history/lookup";
import { resolveSources } from "../../lib/sources/history/sources";
import { openStore, type Store } from "../../lib/store/open-store";
import { queryStore } from "../../lib/store/query-store";
import type { StoreQuery } from "../../lib/store/compile-query";
import { syncWindow } from "../../lib/sync/sync";
import { summarize, type LatencySummary } from "./stats";
import { workerMain } from "./workers";

const execFileAsync = promisify(execFile);
const DAY = 86_400_000;
const PAGE_SIZE = 50;

export interface SyncBenchInput {
  nowMs: number;
  /** The synced window, newest at nowMs (bounded so the run stays short; see docs/benchmark.md). */
  windowMs: number;
  /** LookupEvents requests per second per source, the emulator's and the limiter's. */
  rate: number;
  /** Repetitions of each view, for the store and for the CLI. */
  repeats: number;
}

export interface SyncRun {
  sources: number;
  events: number;
  apiCalls: number;
  ms: number;
  eventsPerSecond: number;
  /** rate × 50 × sources. */
  ceilingEventsPerSecond: number;
  /** Ideal time (⌈pages⌉ per source at `rate`, the first at once) ÷ measured time. */
  ofCeiling: number;
}

export interface CliComparison {
  name: string;
  sources: number;
  events: number;
  /** The AWS CLI reading the view from the emulator, every page; sources in parallel. */
  cli: LatencySummary;
  /** The same event set from the synced store through `queryStore`, paged as the route pages. */
  store: LatencySummary;
  /** CLI p50 ÷ store p50. */
  ratio: number;
}

export interface SyncBenchOutput {
  sync: SyncRun;
  cli: CliComparison[];
}

/** Events of the view read from the store, 500 a page as the Events page asks, to the last page. */
async function storeAnswer(store: Store, query: StoreQuery): Promise<number> {
  let count = 0;
  let cursor;
  do {
    const page = await queryStore(store, query, { limit: 500, cursor });
    count += page.events.length;
    cursor = page.next;
  } while (cursor);
  return count;
}

/** One `aws cloudtrail lookup-events` run (all pages) for a source; returns the events it printed. */
async function cliAnswer(url: string, source: Source, start: number, end: number): Promise<number> {
  const { stdout } = await execFileAsync(
    "/usr/bin/python3",
    [
      "-m",
      "awscli",
      "cloudtrail",
      "lookup-events",
      "--endpoint-url",
      url,
      "--region",
      source.region,
      "--start-time",
      String(Math.floor(start / 1000)),
      "--end-time",
      String(Math.floor(end / 1000)),
      "--output",
      "json",
      "--query",
      "length(Events)",
    ],
    {
      maxBuffer: 64 << 20,
      // Only the demo key: no profile or credentials of the caller's shell may reach the emulator run.
      env: {
        ...(Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
        ) as NodeJS.ProcessEnv),
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_ACCESS_KEY_ID: `AKIA${source.account.id}DEMO`,
        AWS_SECRET_ACCESS_KEY: "demo",
        AWS_RETRY_MODE: "adaptive",
        AWS_MAX_ATTEMPTS: "10",
        AWS_PAGER: "",
      },
    },
  );
  return Number(stdout.trim());
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; events: number }> {
  const started = performance.now();
  const events = await run();
  return { ms: performance.now() - started, events };
}

async function compare(
  name: string,
  store: Store,
  sources: Source[],
  window: { start: number; end: number },
  repeats: number,
): Promise<CliComparison> {
  const url = process.env.TRAILSCOPE_EMULATOR_URL!;
  const query: StoreQuery = {
    start: new Date(window.start),
    end: new Date(window.end),
    readOnly: "all",
    account: [...new Set(sources.map((s) => s.account.id))],
    region: [...new Set(sources.map((s) => s.region))],
  };
  const storeMs: number[] = [];
  const cliMs: number[] = [];
  let events = 0;
  for (let r = 0; r < repeats; r++) {
    const fromStore = await timed(() => storeAnswer(store, query));
    const fromCli = await timed(async () => {
      const counts = await Promise.all(sources.map((s) => cliAnswer(url, s, window.start, window.end)));
      return counts.reduce((a, b) => a + b, 0);
    });
    if (fromCli.events !== fromStore.events) {
      throw new Error(
        `${name}: the CLI read ${fromCli.events} events, the store answered ${fromStore.events}`,
      );
    }
    events = fromStore.events;
    storeMs.push(fromStore.ms);
    cliMs.push(fromCli.ms);
  }
  const cli = summarize(cliMs);
  const fromStore = summarize(storeMs);
  return {
    name,
    sources: sources.length,
    events,
    cli,
    store: fromStore,
    ratio: Math.round(cli.p50 / fromStore.p50),
  };
}

async function main(input: SyncBenchInput): Promise<SyncBenchOutput> {
  const opened = await openStore({ kind: "memory" });
  if (opened.status !== "open") throw new Error(`store: ${JSON.stringify(opened)}`);
  const store = opened.store;
  const sources = await resolveSources({});
  const window = { start: input.nowMs - input.windowMs, end: input.nowMs };

  const started = performance.now();
  const reads = await Promise.all(sources.map((s) => syncWindow({ store, lookup: lookupPage }, s, window)));
  const ms = performance.now() - started;
  if (reads.some((r) => !r.complete)) throw new Error("a source's sync did not finish");
  const events = reads.reduce((n, r) => n + r.events, 0);
  const apiCalls = reads.reduce((n, r) => n + r.apiCalls, 0);
  const pagesPerSource = Math.max(...reads.map((r) => Math.max(1, Math.ceil(r.events / PAGE_SIZE))));
  const idealMs = ((pagesPerSource - 1) * 1000) / input.rate;
  const sync: SyncRun = {
    sources: sources.length,
    events,
    apiCalls,
    ms: Math.round(ms),
    eventsPerSecond: Math.round((events * 1000) / ms),
    ceilingEventsPerSecond: input.rate * PAGE_SIZE * sources.length,
    ofCeiling: Math.round((idealMs / ms) * 1000) / 1000,
  };

  const one = sources.slice(0, 1);
  const cli = [
    await compare(
      "30 days, 1 source",
      store,
      one,
      { start: input.nowMs - 30 * DAY, end: input.nowMs },
      input.repeats,
    ),
    await compare(
      "7 days, 9 sources",
      store,
      sources,
      { start: input.nowMs - 7 * DAY, end: input.nowMs },
      input.repeats,
    ),
  ];
  await store.close();
  return { sync, cli };
}

workerMain(main);
