/**
 * Benchmark worker for the DuckDB event store (lib/store), not the emulator's store: a generated
 * trail archive of `events` events over 9 sources (3 accounts × 3 regions, hourly files over 90 days)
 * imported with `importArchive`, which builds the store the queries then run on; the emulator's demo
 * archive imported the same way; each import against a plain DuckDB `read_json` of the same files.
 * Then on the big store: every combination of the planner test's 8 lookup filters through
 * `queryStore`, whole-window stats (facets + histogram) and free-text searches.
 */
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { LocalObjectStore } from "../../lib/trail-files/local-store";
import { logFileKey } from "../../lib/trail-files/keys";
import { DEMO_ACCOUNTS } from "../../lib/demo/accounts";
import { DEMO_DATASET_REGIONS } from "../../emulator/dataset/generate";
import { startEmulator } from "../../emulator/server";
import { EventStore } from "../../emulator/store";
import { syntheticEntries } from "../../emulator/synthetic";
import type { StoreQuery } from "../../lib/store/compile-query";
import { importArchive, type ArchiveTarget } from "../../lib/store/import-archive";
import { openStore, type Store } from "../../lib/store/open-store";
import { queryStore } from "../../lib/store/query-store";
import { storeStats } from "../../lib/store/stats";
import { collect, summarize, toMiB, withMemoryPeak, type LatencySummary } from "./stats";
import { workerMain } from "./workers";

const gzipAsync = promisify(gzip);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface EventStoreBenchInput {
  events: number;
  /** Where the generated archive, the demo archive and the store files go (emptied first). */
  dir: string;
  nowMs: number;
  /** Repetitions of the stats and free-text cases. */
  repeats: number;
}

export interface ImportRun {
  name: string;
  files: number;
  events: number;
  archiveMiB: number;
  importMs: number;
  eventsPerSecond: number;
  readJsonMs: number;
  readJsonEventsPerSecond: number;
  /** Import events/s ÷ read_json events/s. */
  ratio: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  storeMiB: number;
}

export interface EventStoreBenchOutput {
  events: number;
  sources: number;
  generateMs: number;
  imports: ImportRun[];
  /** Store file size per million events (the big store, after a checkpoint). */
  storeMiBPerMillion: number;
  combos: { cases: number; meanRows: number; latency: LatencySummary };
  stats: { cases: string[]; latency: LatencySummary };
  freeText: { needle: string; matches: number; latency: LatencySummary }[];
}

const IPS = [
  "198.51.100.7",
  "203.0.113.10",
  "192.0.2.44",
  "10.1.2.3",
  "2001:db8::17",
  "cloudformation.amazonaws.com",
];
const AGENTS = [
  "aws-cli/2.22.10 Python/3.12.6 Linux/6.8",
  "Boto3/1.35.0 md/Botocore#1.35.0",
  "console.amazonaws.com",
  "Terraform/1.9.5 terraform-provider-aws/5.70.0",
  "aws-sdk-js/3.700.0",
];
const ERRORS = ["AccessDenied", "ThrottlingException", "NoSuchEntity", "ValidationException"];

/** `events` synthetic events over 9 sources as hourly gzip log files in the S3 layout; returns files written. */
async function generateArchive(bucketDir: string, events: number, nowMs: number): Promise<number> {
  const local = new LocalObjectStore(path.dirname(bucketDir));
  const bucket = path.basename(bucketDir);
  const sources = DEMO_ACCOUNTS.flatMap((a) =>
    DEMO_DATASET_REGIONS.map((region) => ({ account: a.id, region })),
  );
  let files = 0;
  let seed = 100;
  for (const { account, region } of sources) {
    const count = Math.ceil(events / sources.length);
    const entries = syntheticEntries({
      count,
      accountId: account,
      region,
      now: new Date(nowMs),
      seed: seed++,
    });
    const records = new EventStore([]);
    // Newest first: one file per hour of event time, delivered five minutes after the hour.
    let hour = Number.NaN;
    let batch: unknown[] = [];
    const pending: Promise<void>[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const deliveredAt = new Date(hour + HOUR + 5 * 60_000);
      const key = logFileKey({ accountId: account, region }, deliveredAt, `b${hour.toString(36)}`);
      const body = JSON.stringify({ Records: batch.reverse() });
      pending.push(gzipAsync(body).then((gz) => local.putObject(bucket, key, gz)));
      files++;
      batch = [];
    };
    entries.forEach((entry, i) => {
      const h = Math.floor(entry.event.time / HOUR) * HOUR;
      if (h !== hour) {
        flush();
        hour = h;
      }
      const record = records.recordOf(entry.event, account, region) as unknown as Record<string, unknown>;
      record.sourceIPAddress = IPS[i % IPS.length];
      record.userAgent = AGENTS[(i >> 3) % AGENTS.length];
      if (i % 23 === 0) {
        record.errorCode = ERRORS[(i >> 5) % ERRORS.length];
        record.errorMessage = `User is not authorized to perform ${entry.event.eventName}`;
      }
      record.requestParameters = { name: entry.event.resources[0]?.name ?? null, dryRun: i % 2 === 0 };
      batch.push(record);
    });
    flush();
    await Promise.all(pending);
  }
  return files;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function openFileStore(file: string): Promise<Store> {
  const opened = await openStore({ kind: "file", path: file });
  if (opened.status !== "open") throw new Error(`store ${file}: ${JSON.stringify(opened)}`);
  return opened.store;
}

/** The baseline: DuckDB reading the same log files with read_json, every record kept as JSON. */
async function readJsonBaseline(store: Store, bucketDir: string): Promise<{ ms: number; records: number }> {
  const glob = path.join(bucketDir, "AWSLogs", "**", "*_CloudTrail_*.json.gz").replaceAll("'", "''");
  const started = performance.now();
  const records = await store.read(async (c) => {
    await c.run(
      `CREATE OR REPLACE TEMP TABLE raw_records AS SELECT unnest(Records) AS record FROM ` +
        `read_json('${glob}', columns = {Records: 'JSON[]'}, compression = 'gzip')`,
    );
    const reader = await c.runAndReadAll("SELECT count(*) FROM raw_records");
    await c.run("DROP TABLE raw_records");
    return Number(reader.getRows()[0]![0]);
  });
  return { ms: performance.now() - started, records };
}

async function importRun(
  name: string,
  bucketDir: string,
  storeFile: string,
): Promise<{ run: ImportRun; store: Store }> {
  await rm(storeFile, { force: true });
  const store = await openFileStore(storeFile);
  const target: ArchiveTarget = {
    store: new LocalObjectStore(path.dirname(bucketDir)),
    bucket: path.basename(bucketDir),
    prefix: "",
  };
  collect();
  const { result, peakRss, peakHeap } = await withMemoryPeak(() => importArchive(store, target));
  if (result.state !== "done") throw new Error(`${name}: import ${result.state}: ${result.error}`);
  const events = result.eventsInserted + result.eventsAlreadyPresent;
  await store.read((c) => c.run("CHECKPOINT"));
  const baseline = await readJsonBaseline(store, bucketDir);
  if (baseline.records !== events + result.recordsUnusable) {
    throw new Error(`${name}: read_json saw ${baseline.records} records, the import ${events}`);
  }
  const eventsPerSecond = Math.round((events * 1000) / result.elapsedMs);
  const readJsonEventsPerSecond = Math.round((baseline.records * 1000) / baseline.ms);
  const run: ImportRun = {
    name,
    files: result.filesImported,
    events,
    archiveMiB: toMiB(await folderBytes(bucketDir)),
    importMs: result.elapsedMs,
    eventsPerSecond,
    readJsonMs: Math.round(baseline.ms),
    readJsonEventsPerSecond,
    ratio: Math.round((eventsPerSecond / readJsonEventsPerSecond) * 1000) / 1000,
    peakRssMiB: toMiB(peakRss),
    peakHeapMiB: toMiB(peakHeap),
    storeMiB: toMiB((await stat(storeFile)).size),
  };
  return { run, store };
}

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** The planner test's 8 lookup filters (lib/query/planner.test.ts), with the values of one stored event. */
async function comboCases(store: Store, window: Pick<StoreQuery, "start" | "end">) {
  const row = await store.read(
    async (c) =>
      (
        await c.runAndReadAll(
          "SELECT event_id, access_key_id, resource_names[1], username, event_name, event_source, resource_types[1], read_only " +
            "FROM events WHERE event_ms BETWEEN ? AND ? AND len(resource_names) > 0 AND username IS NOT NULL AND access_key_id IS NOT NULL " +
            "ORDER BY event_id LIMIT 1 OFFSET 4321",
          [window.start.getTime(), window.end.getTime()],
        )
      ).getRows()[0],
  );
  if (!row) throw new Error("no anchor event in the store");
  const values = {
    eventId: String(row[0]),
    accessKeyId: String(row[1]),
    resourceName: String(row[2]),
    username: String(row[3]),
    eventName: String(row[4]),
    eventSource: String(row[5]),
    resourceType: String(row[6]),
    readOnly: String(row[7]) as "true" | "false",
  };
  const params = Object.keys(values) as (keyof typeof values)[];
  const cases: StoreQuery[] = [];
  for (let mask = 0; mask < 1 << params.length; mask++) {
    const query: StoreQuery = { ...window, readOnly: "all" };
    params.forEach((p, i) => {
      if (mask & (1 << i)) Object.assign(query, { [p]: values[p] });
    });
    cases.push(query);
  }
  return cases;
}

async function main(input: EventStoreBenchInput): Promise<EventStoreBenchOutput> {
  await rm(input.dir, { recursive: true, force: true });
  await mkdir(input.dir, { recursive: true });
  const imports: ImportRun[] = [];

  // The emulator's demo archive, as `npm start` writes it.
  const demoDir = path.join(input.dir, "demo");
  const emulator = await startEmulator({ dataDir: demoDir, port: 0, now: new Date(input.nowMs) });
  await emulator.close();
  const demoBucket = (await readdir(path.join(demoDir, "archive"))).find((n) => !n.startsWith("."))!;
  const demo = await importRun(
    "demo archive",
    path.join(demoDir, "archive", demoBucket),
    path.join(input.dir, "demo.duckdb"),
  );
  await demo.store.close();
  imports.push(demo.run);

  const bigDir = path.join(input.dir, "generated", "bench-trail-bucket");
  const generated = await time(() => generateArchive(bigDir, input.events, input.nowMs));
  console.error(`event-store bench: archive generated in ${(generated.ms / 1000).toFixed(1)} s; importing`);
  const big = await importRun(
    `generated, ${input.events.toLocaleString("en-US")} events`,
    bigDir,
    path.join(input.dir, "events.duckdb"),
  );
  const { store } = big;
  console.error(`event-store bench: imported in ${(big.run.importMs / 1000).toFixed(1)} s; querying`);
  imports.push(big.run);

  const end = new Date(input.nowMs);
  const window = { start: new Date(input.nowMs - 90 * DAY), end };
  const combos = await comboCases(store, window);
  const comboMs: number[] = [];
  let rows = 0;
  for (const query of combos) {
    const { ms, value } = await time(() => queryStore(store, query, { limit: 500 }));
    comboMs.push(ms);
    rows += value.events.length;
  }

  const statCases: { name: string; query: StoreQuery; interval: number }[] = [
    { name: "90 days, all", query: { ...window, readOnly: "all" }, interval: DAY },
    { name: "90 days, writes", query: { ...window, readOnly: "false" }, interval: DAY },
    {
      name: "7 days, all",
      query: { start: new Date(input.nowMs - 7 * DAY), end, readOnly: "all" },
      interval: HOUR,
    },
    { name: "90 days, errors only", query: { ...window, readOnly: "all", errors: "only" }, interval: DAY },
  ];
  const statMs: number[] = [];
  for (let r = 0; r < input.repeats; r++) {
    for (const c of statCases)
      statMs.push((await time(() => storeStats(store, c.query, { interval: c.interval }))).ms);
  }

  const freeText = [];
  for (const needle of ["user-42", "terraform", "2001:db8", "resource-4999", "no-such-text-anywhere"]) {
    const samples: number[] = [];
    let matches = 0;
    for (let r = 0; r < Math.max(3, Math.ceil(input.repeats / 4)); r++) {
      const { ms, value } = await time(() =>
        queryStore(store, { ...window, readOnly: "all", q: needle }, { limit: 500 }),
      );
      samples.push(ms);
      matches = value.events.length;
    }
    freeText.push({ needle, matches, latency: summarize(samples) });
  }
  await store.close();

  return {
    events: big.run.events,
    sources: 9,
    generateMs: Math.round(generated.ms),
    imports,
    storeMiBPerMillion: Math.round((big.run.storeMiB / (big.run.events / 1_000_000)) * 10) / 10,
    combos: { cases: combos.length, meanRows: Math.round(rows / combos.length), latency: summarize(comboMs) },
    stats: { cases: statCases.map((c) => c.name), latency: summarize(statMs) },
    freeText,
  };
}

workerMain(main);
