/**
 * `npm run load-test`: many concurrent clients against `/api/events` on loopback, then a report of
 * answers by kind, the server's memory before and after, and whether it still answers.
 *
 *   npm run load-test -- [--connections 50] [--duration 60] [--path "/api/events?range=1h"] [--port 3264]
 *                        [--url http://127.0.0.1:3000 --pid <server pid>]
 *
 * Without --url it starts Trailscope itself (the launcher, demo source) on --port and stops it afterwards.
 * TRAILSCOPE_TOKEN, when set, is sent as a Bearer token. Exits 1 when anything but a clear answer came back.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { treeRssMiB } from "./process-tree";

const MAX_CONNECTIONS = 500;
const MAX_DURATION_S = 600;

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "60" },
    timeout: { type: "string", default: "30" },
    path: { type: "string", default: "/api/events?range=1h&limit=100" },
    port: { type: "string", default: process.env.PORT ?? "3264" },
    url: { type: "string" },
    pid: { type: "string" },
  },
});

function bounded(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`load-test: --${name} must be an integer from 1 to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const connections = bounded("connections", args.connections, MAX_CONNECTIONS);
const duration = bounded("duration", args.duration, MAX_DURATION_S);
const timeout = bounded("timeout", args.timeout, 120);
const root = path.resolve(import.meta.dirname, "..");
const headers: Record<string, string> = process.env.TRAILSCOPE_TOKEN
  ? { Authorization: `Bearer ${process.env.TRAILSCOPE_TOKEN}` }
  : {};

async function answers(base: string): Promise<{ ok: boolean; status: number; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(new URL(args.path, base), {
      headers,
      signal: AbortSignal.timeout(timeout * 1000),
    });
    await response.arrayBuffer();
    return { ok: response.ok, status: response.status, ms: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, status: 0, ms: Math.round(performance.now() - started) };
  }
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(new URL("/api/health", base))).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not answer /api/health within 5 minutes");
}

/** What one answer was: its status, and for a 200 whether every source finished or why one did not. */
function classify(status: number, body: string, kinds: Map<string, number>) {
  let kind = `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as {
      complete?: boolean;
      error?: string;
      sources?: { error?: { code?: string } }[];
    };
    if (status === 200) {
      const failed = (parsed.sources ?? []).flatMap((s) => (s.error?.code ? [s.error.code] : []));
      kind =
        failed.length > 0
          ? `HTTP 200 partial: ${[...new Set(failed)].sort().join(", ")}`
          : parsed.complete === false
            ? "HTTP 200 truncated"
            : "HTTP 200 complete";
    } else if (parsed.error) kind = `HTTP ${status} ${parsed.error}`;
  } catch {
    kind = `HTTP ${status} (not JSON)`;
  }
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
}

async function main() {
  let server: ChildProcess | undefined;
  let base = args.url;
  let pid = args.pid ? Number(args.pid) : undefined;
  if (!base) {
    base = `http://127.0.0.1:${args.port}`;
    server = spawn(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"],
      {
        cwd: root,
        env: { ...process.env, PORT: args.port, TRAILSCOPE_HOST: "127.0.0.1" },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    pid = server.pid;
    await waitForHealth(base, server);
  }

  try {
    const warm = await answers(base);
    console.log(`load-test: warm-up ${args.path} -> ${warm.status} in ${warm.ms} ms`);
    const rssBefore = pid ? treeRssMiB(pid) : undefined;
    const kinds = new Map<string, number>();
    let peakRss = rssBefore ?? 0;
    const sampler = pid ? setInterval(() => (peakRss = Math.max(peakRss, treeRssMiB(pid))), 1000) : undefined;

    console.log(`load-test: ${connections} connections for ${duration} s against ${base}${args.path}`);
    const result = await autocannon({
      url: base,
      connections,
      duration,
      timeout,
      requests: [{ path: args.path, headers, onResponse: (status, body) => classify(status, body, kinds) }],
    });
    if (sampler) clearInterval(sampler);
    const rssAfter = pid ? treeRssMiB(pid) : undefined;
    const after = await answers(base);

    const report = {
      target: `${base}${args.path}`,
      connections,
      durationSeconds: duration,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average * 10) / 10,
      latencyMs: {
        average: Math.round(result.latency.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      answers: Object.fromEntries([...kinds].sort((a, b) => b[1] - a[1])),
      transport: { errors: result.errors, timeouts: result.timeouts, resets: result.resets },
      rssMiB: pid ? { before: rssBefore, peak: peakRss, after: rssAfter } : "unknown (pass --pid)",
      afterwards: after,
    };
    console.log(JSON.stringify(report, null, 2));

    // Acceptable: complete answers, and answers that say clearly which source was throttled.
    const unclear = [...kinds].filter(
      ([kind]) => !/^HTTP 200 (complete|truncated|partial: ThrottlingException)$/.test(kind),
    );
    const failed = unclear.length > 0 || result.errors > 0 || result.timeouts > 0 || !after.ok;
    if (failed)
      console.error(
        "load-test: FAILED: answers other than complete or clearly throttled, transport errors, or no answer afterwards",
      );
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
  }
}

main().catch((error: unknown) => {
  console.error(`load-test: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
