/**
 * Benchmark worker: a large synthetic store, then LookupEvents pages from it in process (the
 * store's lookup, and the whole operation handler with its response body) and over HTTP through
 * the AWS SDK against the emulator serving that store.
 */
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../../lib/demo/accounts";
import { Prng } from "../../emulator/dataset/prng";
import { lookupEvents, type LookupContext } from "../../emulator/lookup-events";
import { startEmulator } from "../../emulator/server";
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from "../../emulator/store";
import { buildSyntheticStore } from "../../emulator/synthetic";
import { sampleValue } from "../../test/support/emulator-helpers";
import { collect, summarize, toMiB, type LatencySummary } from "./stats";
import { workerMain } from "./workers";

export interface StoreBenchInput {
  events: number;
  /** Queries per case, in process. */
  queries: number;
  /** Queries per case over HTTP. */
  httpQueries: number;
  port: number;
  nowMs: number;
}

export interface StoreCase {
  name: string;
  /** Events the case's pages returned on average. */
  meanEvents: number;
  store: LatencySummary;
  handler: LatencySummary;
  http: LatencySummary;
  /**
   * CPU time of this process (SDK client and emulator together) per HTTP page: unlike wall time, it
   * does not grow when other processes compete for the CPUs.
   */
  httpCpuMs: number;
}

export interface StoreBenchOutput {
  events: number;
  buildMs: number;
  heapMiB: number;
  rssMiB: number;
  /** After the first lookup by every attribute (the store builds its indexes with itself). */
  heapWithIndexesMiB: number;
  firstLookupMs: Record<string, number>;
  walk: { pages: number; events: number; totalMs: number; perPage: LatencySummary };
  cases: StoreCase[];
}

const ACCOUNT = "444455556666";
const REGION = "us-east-1";
const DAY_S = 86_400;

interface Body {
  LookupAttributes?: { AttributeKey: LookupAttributeKey; AttributeValue: string }[];
  StartTime: number;
  EndTime: number;
  MaxResults: number;
  NextToken?: string;
}

async function main(input: StoreBenchInput): Promise<StoreBenchOutput> {
  collect();
  const before = process.memoryUsage();
  const builtAt = performance.now();
  const store = buildSyntheticStore({
    count: input.events,
    accountId: ACCOUNT,
    region: REGION,
    now: new Date(input.nowMs),
  });
  const buildMs = performance.now() - builtAt;
  collect();
  const built = process.memoryUsage();
  const events = store.events(ACCOUNT, REGION);
  const ctx: LookupContext = { store, accountId: ACCOUNT, region: REGION, nowMs: input.nowMs };
  const endS = Math.floor(input.nowMs / 1000);
  const wide = { StartTime: endS - 90 * DAY_S, EndTime: endS };
  const rng = new Prng(42);
  const randomEvent = () => events[Math.floor(rng.next() * events.length)]!;

  // The first lookup by each attribute must be as fast as any later one: nothing is built lazily.
  const firstLookupMs: Record<string, number> = {};
  for (const key of LOOKUP_ATTRIBUTE_KEYS) {
    const value = sampleValue(randomEvent(), key)!;
    const started = performance.now();
    store.lookup({
      accountId: ACCOUNT,
      region: REGION,
      category: "management",
      attribute: { key, value },
      startMs: wide.StartTime * 1000,
      endMs: wide.EndTime * 1000,
      limit: 50,
    });
    firstLookupMs[key] = Math.round(performance.now() - started);
  }
  collect();
  const indexed = process.memoryUsage();

  // Every page of the whole history through the handler, keeping tokens at evenly spaced depths.
  const walkTimes: number[] = [];
  const walkTokens: string[] = [];
  let walkEvents = 0;
  const walkStarted = performance.now();
  let token: string | undefined;
  const tokenEvery = Math.max(1, Math.floor(input.events / 50 / input.queries));
  do {
    const started = performance.now();
    const page = lookupEvents({ ...wide, MaxResults: 50, ...(token ? { NextToken: token } : {}) }, ctx);
    walkTimes.push(performance.now() - started);
    walkEvents += (page.Events as unknown[]).length;
    token = page.NextToken as string | undefined;
    if (token && walkTimes.length % tokenEvery === 0) walkTokens.push(token);
  } while (token);
  const walkMs = performance.now() - walkStarted;

  const narrow = (): Pick<Body, "StartTime" | "EndTime"> => {
    const centre = Math.floor(randomEvent().time / 1000);
    return { StartTime: centre - 1800, EndTime: centre + 1800 };
  };
  const caseBodies: { name: string; bodies: (n: number) => Body[] }[] = [
    {
      name: "no attribute, 90 days",
      bodies: (n) => Array.from({ length: n }, () => ({ ...wide, MaxResults: 50 })),
    },
    {
      name: "no attribute, 1 hour",
      bodies: (n) => Array.from({ length: n }, () => ({ ...narrow(), MaxResults: 50 })),
    },
    ...LOOKUP_ATTRIBUTE_KEYS.flatMap((key) =>
      (["90 days", "1 hour"] as const).map((window) => ({
        name: `${key}, ${window}`,
        bodies: (n: number) =>
          Array.from({ length: n }, (): Body => {
            const value = sampleValue(randomEvent(), key)!;
            return {
              LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
              ...(window === "90 days" ? wide : narrow()),
              MaxResults: 50,
            };
          }),
      })),
    ),
    {
      name: `deep NextToken (up to page ${walkTimes.length})`,
      bodies: (n) =>
        Array.from({ length: n }, (_, i) => ({
          ...wide,
          MaxResults: 50,
          NextToken: walkTokens[i % walkTokens.length]!,
        })),
    },
  ];

  const emulator = await startEmulator({
    port: input.port,
    store,
    rate: Infinity,
    now: new Date(input.nowMs),
  });
  const client = new CloudTrailClient({
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: demoAccessKeyId(ACCOUNT), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  const send = (body: Body) =>
    client.send(
      new LookupEventsCommand({
        ...body,
        StartTime: new Date(body.StartTime * 1000),
        EndTime: new Date(body.EndTime * 1000),
      }),
    );
  try {
    for (let i = 0; i < 30; i++) await send({ ...wide, MaxResults: 50 });
    const cases: StoreCase[] = [];
    for (const { name, bodies } of caseBodies) {
      const local = bodies(input.queries);
      const storeTimes: number[] = [];
      const handlerTimes: number[] = [];
      let returned = 0;
      for (const body of local) {
        const attribute = body.LookupAttributes?.[0];
        let started = performance.now();
        store.lookup({
          accountId: ACCOUNT,
          region: REGION,
          category: "management",
          ...(attribute
            ? { attribute: { key: attribute.AttributeKey, value: attribute.AttributeValue } }
            : {}),
          startMs: body.StartTime * 1000,
          endMs: body.EndTime * 1000,
          limit: 50,
        });
        storeTimes.push(performance.now() - started);
        started = performance.now();
        const page = lookupEvents({ ...body }, ctx);
        handlerTimes.push(performance.now() - started);
        returned += (page.Events as unknown[]).length;
      }
      const httpTimes: number[] = [];
      const cpuBefore = process.cpuUsage();
      for (const body of bodies(input.httpQueries)) {
        const started = performance.now();
        await send(body);
        httpTimes.push(performance.now() - started);
      }
      const cpu = process.cpuUsage(cpuBefore);
      cases.push({
        name,
        meanEvents: Math.round((returned / local.length) * 10) / 10,
        store: summarize(storeTimes),
        handler: summarize(handlerTimes),
        http: summarize(httpTimes),
        httpCpuMs: Math.round(((cpu.user + cpu.system) / 1000 / httpTimes.length) * 1000) / 1000,
      });
    }
    return {
      events: store.size,
      buildMs: Math.round(buildMs),
      heapMiB: toMiB(built.heapUsed - before.heapUsed),
      rssMiB: toMiB(built.rss - before.rss),
      heapWithIndexesMiB: toMiB(indexed.heapUsed - before.heapUsed),
      firstLookupMs,
      walk: {
        pages: walkTimes.length,
        events: walkEvents,
        totalMs: Math.round(walkMs),
        perPage: summarize(walkTimes),
      },
      cases,
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

workerMain(main);
