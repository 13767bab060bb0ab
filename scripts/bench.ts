/**
 * `npm run bench`: the speed and memory targets of the event history, measured.
 *
 *   npm run bench -- [--quick] [--events 1000000] [--fetch 1000] [--answer 100000]
 *                    [--queries 300] [--http-queries 200] [--store-events 1000000]
 *                    [--only store,fetch,memory,event-store] [--browser] [--out FILE]
 *
 * 1. store: a synthetic store of --events events; LookupEvents page latency in process and over HTTP
 *    through the AWS SDK (target: a few milliseconds per page).
 * 2. fetch: `streamEvents` against the emulator at AWS's 2 requests/s per (account, region), --fetch
 *    events per source, for 1 region, 3 regions and 3 accounts × 3 regions (target: close to the
 *    ceiling of 2 requests/s × 50 events × sources).
 * 3. memory: one answer of --answer events (rate limit lifted), streamed as NDJSON and kept as JSON.
 * 4. event-store: the DuckDB event store (lib/store) built by importing a generated archive of
 *    --store-events events over 9 sources; the planner's filter combinations, stats and free text on
 *    it; import events/s against a plain DuckDB read_json of the same files, the demo archive too.
 *    Then lib/sync's engine syncing 9 sources (--fetch events each, 90 days) from the emulator at AWS's
 *    rate (target: >= 90 % of the ceiling), and the AWS CLI reading two views of that emulator, as a
 *    ratio to the synced store's answer.
 * 5. browser (only with --browser): the Events page of a production build (NEXT_DIST_DIR, default
 *    .next-bench, built first when it holds none) in Chromium with --answer rows: JS heap, server
 *    RSS, frame times while the table scrolls.
 *
 * Each measurement runs in its own process (scripts/bench/workers.ts). Results: a table on stdout and
 * JSON in --out (default .data/bench/results.json). Exits 1 only when a measurement could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_ACCOUNTS } from "../lib/demo/accounts";
import { DEMO_DATASET_REGIONS } from "../emulator/dataset/generate";
import { startEmulator } from "../emulator/server";
import { EventStore, type StoreEntry } from "../emulator/store";
import { syntheticEntries } from "../emulator/synthetic";
import { browserBench, ensureBuild, type BrowserBenchOutput } from "./bench/browser-bench";
import type { LatencySummary } from "./bench/stats";
import type { EventStoreBenchInput, EventStoreBenchOutput } from "./bench/event-store-bench";
import type { StoreBenchInput, StoreBenchOutput } from "./bench/store-bench";
import type { StreamBenchInput, StreamBenchOutput } from "./bench/stream-bench";
import type { SyncBenchInput, SyncBenchOutput } from "./bench/sync-bench";
import { runWorker } from "./bench/workers";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORTS = { store: 4580, limited: 4581, open: 4582, app: 3280 } as const;
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-bench";
/** AWS's LookupEvents limit per (account, region), and its page size. */
const AWS_RATE = 2;
const PAGE_SIZE = 50;
const PAGE_TARGET_MS = 5;
const CEILING_TARGET = 0.9;
const SECTIONS = ["store", "fetch", "memory", "event-store"] as const;
/** The event store's targets (issue #11), in milliseconds. */
const EVENT_STORE_TARGETS = { combos: 100, stats: 300, freeText: 1000 } as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    events: { type: "string" },
    fetch: { type: "string" },
    answer: { type: "string" },
    queries: { type: "string" },
    "http-queries": { type: "string" },
    "store-events": { type: "string" },
    only: { type: "string" },
    browser: { type: "boolean", default: false },
    out: { type: "string", default: path.join(ROOT, ".data", "bench", "results.json") },
  },
});

function count(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`bench: --${name} must be an integer from 1 to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const quick = args.quick;
const settings = {
  storeEvents: count("events", args.events, quick ? 200_000 : 1_000_000, 10_000_000),
  fetchPerSource: count("fetch", args.fetch, quick ? 250 : 1000, 100_000),
  answerEvents: count("answer", args.answer, quick ? 20_000 : 100_000, 100_000),
  queries: count("queries", args.queries, quick ? 100 : 300, 100_000),
  httpQueries: count("http-queries", args["http-queries"], quick ? 50 : 200, 100_000),
  eventStoreEvents: count("store-events", args["store-events"], quick ? 100_000 : 1_000_000, 5_000_000),
};
const only = new Set<Section>(
  args.only
    ? args.only.split(",").map((name) => {
        if (!(SECTIONS as readonly string[]).includes(name)) {
          console.error(`bench: --only takes ${SECTIONS.join(", ")}; got "${name}"`);
          process.exit(2);
        }
        return name as Section;
      })
    : SECTIONS,
);

const WORKER_ENV = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  TRAILSCOPE_SOURCE: "demo",
  TRAILSCOPE_DATA_DIR: path.join(ROOT, ".data", "bench"),
  // The demo's own accounts and regions: no accounts file or region list from the caller's shell.
  TRAILSCOPE_ACCOUNTS: undefined,
  TRAILSCOPE_CONFIG: undefined,
  TRAILSCOPE_REGIONS: undefined,
  TRAILSCOPE_DATA: undefined,
};

// ---------------------------------------------------------------------------------------------- output

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join(
    "\n",
  );
}

const ms = (s: LatencySummary) => `${s.p50} / ${s.p95} / ${s.p99}`;
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
const thousands = (n: number) => n.toLocaleString("en-US");
const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");

function printStore(result: StoreBenchOutput): boolean {
  console.log(
    `\n1. Emulator store: ${thousands(result.events)} synthetic events, one account and region\n` +
      `   build ${result.buildMs} ms; heap ${result.heapMiB} MiB (RSS +${result.rssMiB} MiB); ` +
      `with all 8 attribute indexes ${result.heapWithIndexesMiB} MiB\n` +
      `   first lookup per attribute (ms): ${Object.entries(result.firstLookupMs)
        .map(([key, value]) => `${key} ${value}`)
        .join(", ")}\n` +
      `   whole history paged through the handler: ${thousands(result.walk.pages)} pages, ` +
      `${thousands(result.walk.events)} events in ${result.walk.totalMs} ms; per page p50/p95/p99 ${ms(result.walk.perPage)} ms\n`,
  );
  const rows = result.cases.map((c) => [
    c.name,
    c.meanEvents,
    ms(c.store),
    ms(c.handler),
    ms(c.http),
    c.httpCpuMs,
    verdict(c.http.p50 <= PAGE_TARGET_MS),
  ]);
  console.log(
    table(
      [
        "LookupEvents page (ms, p50 / p95 / p99)",
        "events/page",
        "store lookup",
        "handler (in process)",
        "HTTP via SDK",
        "HTTP CPU ms",
        `HTTP p50 <= ${PAGE_TARGET_MS} ms`,
      ],
      rows,
    ),
  );
  console.log(
    "   HTTP CPU ms: CPU time of client and emulator per page; wall-time tails above it are waits for a CPU.",
  );
  return result.cases.every((c) => c.http.p50 <= PAGE_TARGET_MS);
}

interface FetchRun {
  name: string;
  sources: number;
  result: StreamBenchOutput;
  eventsPerSecond: number;
  ceilingPerSecond: number;
  /** The fastest the limit allows for these events, over the time it took. */
  idealMs: number;
  ratio: number;
}

function printFetch(runs: FetchRun[]): boolean {
  console.log(
    `\n2. Fetch throughput at AWS's limit: emulator and app both at ${AWS_RATE} requests/s per (account, region);` +
      `\n   ceiling/s = ${AWS_RATE} req/s × ${PAGE_SIZE} events × sources; "of ceiling" = ideal time ÷ time, the ideal` +
      `\n   being ⌈events ÷ (${PAGE_SIZE} × sources)⌉ pages per source, the first at once, the rest ${1000 / AWS_RATE} ms apart\n`,
  );
  console.log(
    table(
      [
        "streamEvents",
        "events",
        "time",
        "ideal",
        "first events",
        "events/s",
        "ceiling/s",
        "of ceiling",
        "API calls",
        "throttled",
        `>= ${CEILING_TARGET * 100}%`,
      ],
      runs.map((run) => [
        run.name,
        thousands(run.result.events),
        `${(run.result.totalMs / 1000).toFixed(1)} s`,
        `${(run.idealMs / 1000).toFixed(1)} s`,
        `${run.result.firstEventsMs} ms`,
        run.eventsPerSecond.toFixed(1),
        run.ceilingPerSecond,
        `${(run.ratio * 100).toFixed(1)}%`,
        run.result.apiCalls,
        run.result.retries,
        verdict(run.ratio >= CEILING_TARGET),
      ]),
    ),
  );
  for (const run of runs) {
    if (run.result.failedSources.length > 0)
      console.log(`   ${run.name}: failed sources ${run.result.failedSources.join(", ")}`);
  }
  return runs.every((run) => run.ratio >= CEILING_TARGET && run.result.failedSources.length === 0);
}

function printMemory(runs: { mode: string; result: StreamBenchOutput }[]): void {
  console.log(
    `\n3. Memory for one answer of ${thousands(settings.answerEvents)} events (9 sources, rate limit lifted)\n`,
  );
  console.log(
    table(
      [
        "answer",
        "events",
        "time",
        "API calls",
        "RSS base → peak",
        "heap base → peak",
        "heap kept",
        "body",
        "body/event",
      ],
      runs.map(({ mode, result }) => [
        mode,
        thousands(result.events),
        `${(result.totalMs / 1000).toFixed(1)} s`,
        result.apiCalls,
        `${result.baseline.rssMiB} → ${result.peak.rssMiB} MiB`,
        `${result.baseline.heapMiB} → ${result.peak.heapMiB} MiB`,
        `${result.retainedHeapMiB} MiB`,
        mib(result.bodyBytes),
        `${Math.round(result.bodyBytes / Math.max(1, result.events))} B`,
      ]),
    ),
  );
}

function printBrowser(result: BrowserBenchOutput): void {
  console.log(
    `\n5. Browser: the Events page (${DIST_DIR}, Chromium) with ${thousands(result.events)} rows\n` +
      `   loaded in ${(result.loadMs / 1000).toFixed(1)} s; JS heap ${result.jsHeapMiB} MiB after GC; ` +
      `${thousands(result.domNodes)} DOM nodes; server RSS ${result.serverRssMiB.before} → peak ` +
      `${result.serverRssMiB.peak} → ${result.serverRssMiB.after} MiB\n`,
  );
  console.log(
    table(
      [
        "scrolling the table",
        "frames",
        "frame ms p50 / p95 / p99",
        "max",
        "frames > 50 ms",
        "main thread ms/frame",
        "of it JS",
        "Chromium CPU ms/frame",
      ],
      result.scroll.map((run) => [
        run.name,
        run.frames,
        ms(run.frameMs),
        run.frameMs.max,
        run.longFrames,
        run.mainThreadMsPerFrame,
        run.scriptMsPerFrame,
        run.chromiumCpuMsPerFrame,
      ]),
    ),
  );
}

function printEventStore(result: EventStoreBenchOutput): boolean {
  console.log(
    `\n4. Event store (DuckDB, lib/store): ${thousands(result.events)} events over ${result.sources} sources, ` +
      `built by importing a generated archive (generated in ${(result.generateMs / 1000).toFixed(1)} s); ` +
      `${result.storeMiBPerMillion} MiB of store file per million events\n`,
  );
  console.log(
    table(
      [
        "archive import",
        "files",
        "events",
        "archive",
        "import",
        "events/s",
        "read_json",
        "read_json events/s",
        "ratio",
        "peak RSS",
        "peak heap",
        "store file",
      ],
      result.imports.map((run) => [
        run.name,
        thousands(run.files),
        thousands(run.events),
        `${run.archiveMiB} MiB`,
        `${(run.importMs / 1000).toFixed(1)} s`,
        thousands(run.eventsPerSecond),
        `${(run.readJsonMs / 1000).toFixed(1)} s`,
        thousands(run.readJsonEventsPerSecond),
        run.ratio,
        `${run.peakRssMiB} MiB`,
        `${run.peakHeapMiB} MiB`,
        `${run.storeMiB} MiB`,
      ]),
    ),
  );
  const rows: [string, number, string, number, boolean][] = [
    [
      `planner's filter combinations (${result.combos.cases}, ~${result.combos.meanRows} rows each)`,
      result.combos.latency.n,
      ms(result.combos.latency),
      EVENT_STORE_TARGETS.combos,
      result.combos.latency.p95 < EVENT_STORE_TARGETS.combos,
    ],
    [
      `stats: facets + histogram (${result.stats.cases.join("; ")})`,
      result.stats.latency.n,
      ms(result.stats.latency),
      EVENT_STORE_TARGETS.stats,
      result.stats.latency.p95 < EVENT_STORE_TARGETS.stats,
    ],
    ...result.freeText.map((f): [string, number, string, number, boolean] => [
      `free text "${f.needle}" (90 days, ${f.matches} shown)`,
      f.latency.n,
      ms(f.latency),
      EVENT_STORE_TARGETS.freeText,
      f.latency.max < EVENT_STORE_TARGETS.freeText,
    ]),
  ];
  console.log("");
  console.log(
    table(
      ["query over the whole store", "runs", "ms p50 / p95 / p99", "target ms", "met"],
      rows.map(([name, n, latency, target, ok]) => [name, n, latency, `< ${target}`, verdict(ok)]),
    ),
  );
  console.log("   Targets: combinations and stats on p95, free text on every run.");
  return rows.every(([, , , , ok]) => ok);
}

function printSync(result: SyncBenchOutput): boolean {
  const { sync } = result;
  const ok = sync.ofCeiling >= CEILING_TARGET;
  console.log(
    `\n   Sync from Event history (lib/sync syncWindow, emulator and limiter at ${AWS_RATE} requests/s per source):` +
      `\n   ${sync.sources} sources, ${thousands(sync.events)} events, ${sync.apiCalls} API calls in ${(sync.ms / 1000).toFixed(1)} s = ` +
      `${thousands(sync.eventsPerSecond)} events/s of a ${thousands(sync.ceilingEventsPerSecond)}/s ceiling; ` +
      `${(sync.ofCeiling * 100).toFixed(1)}% of the ideal time (>= ${CEILING_TARGET * 100}%: ${verdict(ok)})\n`,
  );
  console.log(
    table(
      [
        "view (AWS CLI adaptive vs store)",
        "sources",
        "events",
        "CLI ms p50 / p95",
        "store ms p50 / p95",
        "ratio",
      ],
      result.cli.map((c) => [
        c.name,
        c.sources,
        thousands(c.events),
        `${Math.round(c.cli.p50)} / ${Math.round(c.cli.p95)}`,
        `${c.store.p50.toFixed(1)} / ${c.store.p95.toFixed(1)}`,
        `${thousands(c.ratio)}×`,
      ]),
    ),
  );
  return ok;
}

// ------------------------------------------------------------------------------------------- sections

/** Every demo (account, region) with `perSource` synthetic events each, seeded apart so event IDs differ. */
function multiSourceStore(perSource: number, now: Date): EventStore {
  const entries: StoreEntry[] = [];
  let seed = 1;
  for (const account of DEMO_ACCOUNTS) {
    for (const region of DEMO_DATASET_REGIONS) {
      entries.push(
        ...syntheticEntries({ count: perSource, accountId: account.id, region, now, seed: seed++ }),
      );
    }
  }
  return new EventStore(entries);
}

async function fetchSection(store: EventStore, nowMs: number): Promise<FetchRun[]> {
  const emulator = await startEmulator({ port: PORTS.limited, store, rate: AWS_RATE, now: new Date(nowMs) });
  const env = { ...WORKER_ENV, TRAILSCOPE_EMULATOR_URL: emulator.url, TRAILSCOPE_RATE: String(AWS_RATE) };
  const prod = DEMO_ACCOUNTS[1]!.id;
  const shapes = [
    { name: "1 account × 1 region", sources: 1, scope: `account=${prod}&region=us-east-1` },
    { name: "1 account × 3 regions", sources: 3, scope: `account=${prod}&region=all` },
    { name: "3 accounts × 3 regions", sources: 9, scope: "account=all&region=all" },
  ];
  const runs: FetchRun[] = [];
  try {
    for (const shape of shapes) {
      const limit = settings.fetchPerSource * shape.sources;
      const result = await runWorker<StreamBenchInput, StreamBenchOutput>(
        "stream-bench.ts",
        { params: `${shape.scope}&readOnly=all&range=90d&limit=${limit}`, nowMs, mode: "count" },
        env,
      );
      if (result.sources !== shape.sources)
        throw new Error(`${shape.name} read ${result.sources} sources, expected ${shape.sources}`);
      const pagesPerSource = Math.ceil(result.events / (PAGE_SIZE * shape.sources));
      const idealMs = (Math.max(1, pagesPerSource) - 1) * (1000 / AWS_RATE);
      runs.push({
        name: shape.name,
        sources: shape.sources,
        result,
        eventsPerSecond: result.events / (result.totalMs / 1000),
        ceilingPerSecond: AWS_RATE * PAGE_SIZE * shape.sources,
        idealMs,
        ratio: idealMs / result.totalMs,
      });
    }
  } finally {
    await emulator.close();
  }
  return runs;
}

/** TRAILSCOPE_RATE's maximum: the app's own limiter stays in the path, as in production. */
const OPEN_RATE = "100";

async function memorySection(emulatorUrl: string, nowMs: number) {
  const env = { ...WORKER_ENV, TRAILSCOPE_EMULATOR_URL: emulatorUrl, TRAILSCOPE_RATE: OPEN_RATE };
  const params = `account=all&region=all&readOnly=all&range=90d&limit=${settings.answerEvents}`;
  const runs: { mode: string; result: StreamBenchOutput }[] = [];
  for (const mode of ["ndjson", "json"] as const) {
    const result = await runWorker<StreamBenchInput, StreamBenchOutput>(
      "stream-bench.ts",
      { params, nowMs, mode },
      env,
    );
    runs.push({ mode: mode === "json" ? "JSON (kept, then serialized)" : "NDJSON (streamed)", result });
  }
  return runs;
}

async function main() {
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  console.log(
    `Trailscope bench${quick ? " (quick)" : ""}: node ${process.version}, ${os.cpus().length} CPUs, ` +
      `load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")}`,
  );
  const results: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverageBefore: loadBefore,
    settings,
  };
  const missed: string[] = [];

  if (only.has("store")) {
    const store = await runWorker<StoreBenchInput, StoreBenchOutput>(
      "store-bench.ts",
      {
        events: settings.storeEvents,
        queries: settings.queries,
        httpQueries: settings.httpQueries,
        port: PORTS.store,
        nowMs,
      },
      WORKER_ENV,
      600_000,
    );
    results.store = store;
    if (!printStore(store)) missed.push("store page latency");
  }

  if (only.has("event-store")) {
    const eventStore = await runWorker<EventStoreBenchInput, EventStoreBenchOutput>(
      "event-store-bench.ts",
      {
        events: settings.eventStoreEvents,
        dir: path.join(WORKER_ENV.TRAILSCOPE_DATA_DIR, "event-store"),
        nowMs,
        repeats: quick ? 10 : 25,
      },
      WORKER_ENV,
      // Bounded, with room for a loaded machine: the 1M import alone took over 10 minutes at load 25.
      1_800_000,
    );
    results.eventStore = eventStore;
    if (!printEventStore(eventStore)) missed.push("event store queries");
    // Its own emulator on a free port: the fetch section's may still be in use by another checkout's run.
    const emulator = await startEmulator({
      port: 0,
      store: multiSourceStore(settings.fetchPerSource, new Date(nowMs)),
      rate: AWS_RATE,
      now: new Date(nowMs),
    });
    try {
      const synced = await runWorker<SyncBenchInput, SyncBenchOutput>(
        "sync-bench.ts",
        { nowMs, windowMs: 90 * 86_400_000, rate: AWS_RATE, repeats: quick ? 2 : 3 },
        { ...WORKER_ENV, TRAILSCOPE_EMULATOR_URL: emulator.url, TRAILSCOPE_RATE: String(AWS_RATE) },
      );
      results.eventStoreSync = synced;
      if (!printSync(synced)) missed.push("event store sync throughput");
    } finally {
      await emulator.close();
    }
  }

  if (only.has("fetch") || only.has("memory") || args.browser) {
    const perSource =
      Math.ceil(Math.max(settings.fetchPerSource, settings.answerEvents / 9) * 1.2) + PAGE_SIZE;
    const store = multiSourceStore(perSource, new Date(nowMs));
    if (only.has("fetch")) {
      const runs = await fetchSection(store, nowMs);
      results.fetch = runs;
      if (!printFetch(runs)) missed.push("fetch throughput");
    }
    const open = await startEmulator({ port: PORTS.open, store, rate: Infinity, now: new Date(nowMs) });
    try {
      if (only.has("memory")) {
        const runs = await memorySection(open.url, nowMs);
        results.memory = runs;
        printMemory(runs);
      }
      if (args.browser) {
        ensureBuild(ROOT, DIST_DIR);
        const browser = await browserBench({
          root: ROOT,
          emulatorUrl: open.url,
          port: PORTS.app,
          distDir: DIST_DIR,
          events: settings.answerEvents,
          env: { ...WORKER_ENV, TRAILSCOPE_RATE: OPEN_RATE },
        });
        results.browser = browser;
        printBrowser(browser);
      }
    } finally {
      await open.close();
    }
  }

  results.loadAverageAfter = os.loadavg();
  results.durationMs = Date.now() - startedAt.getTime();
  results.missed = missed;
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\n${missed.length === 0 ? "All targets met" : `Targets missed: ${missed.join(", ")}`}; ` +
      `${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; load average now ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}; results in ${path.relative(process.cwd(), args.out)}`,
  );
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
