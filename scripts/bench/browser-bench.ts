/**
 * The browser side of a 100k-event answer: the Events page of a production build in Chromium, its
 * JS heap once every row is loaded, the server's memory meanwhile, and the frame times while the
 * virtualized table scrolls.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { summarize, type LatencySummary } from "./stats";
import { treeRssMiB } from "../process-tree";

export interface BrowserBenchOptions {
  root: string;
  emulatorUrl: string;
  port: number;
  distDir: string;
  events: number;
  env: Record<string, string | undefined>;
}

export interface BrowserBenchOutput {
  events: number;
  loadMs: number;
  jsHeapMiB: number;
  domNodes: number;
  serverRssMiB: { before: number; peak: number; after: number };
  /** Frame intervals, measured in the page with requestAnimationFrame. */
  scroll: {
    name: string;
    frames: number;
    frameMs: LatencySummary;
    longFrames: number;
    /** Wall time of the renderer's main-thread tasks per frame (CDP TaskDuration); stretched by CPU contention. */
    mainThreadMsPerFrame: number;
    /** Of which JavaScript (React rendering the visible rows, the virtualizer), CDP ScriptDuration. */
    scriptMsPerFrame: number;
    /** CPU time of every Chromium process per frame (/proc): the page's cost whatever else runs on the machine. */
    chromiumCpuMsPerFrame: number;
  }[];
}

const CHROMIUM = "/usr/bin/chromium";

/** CPU time (user + system) of this process's descendants whose command line mentions `name`, in ms. */
function descendantsCpuMs(name: string): number {
  const children = new Map<number, number[]>();
  const info = new Map<number, { ticks: number; cmd: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const ticks = Number(fields[11]) + Number(fields[12]);
      info.set(Number(entry), { ticks, cmd: readFileSync(`/proc/${entry}/cmdline`, "utf8") });
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while it was being read.
    }
  }
  let ticks = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const process_ = info.get(pid);
    if (process_?.cmd.includes(name)) ticks += process_.ticks;
    stack.push(...(children.get(pid) ?? []));
  }
  // Linux reports CPU time in clock ticks of 10 ms (USER_HZ = 100).
  return ticks * 10;
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      if ((await fetch(new URL("/api/health", base))).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("next start did not answer /api/health within 2 minutes");
}

/** Builds into `distDir` only when it holds no build: rebuilding on every source change would dominate the bench. */
export function ensureBuild(root: string, distDir: string): void {
  if (existsSync(path.join(root, distDir, "BUILD_ID"))) return;
  console.log(`bench: no production build in ${distDir}; building it (a few minutes)…`);
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd: root,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "inherit",
    },
  );
  if (result.status !== 0) throw new Error("next build failed");
}

/**
 * Frame intervals over `frames` animation frames while the table's scroll position moves by `step`
 * pixels a frame (0: idle, the page's own frame rate on this machine), or jumps anywhere (`step` -1).
 */
const FRAME_PROBE = `async ({ frames, step }) => {
  const grid = document.querySelector('[role="grid"][aria-label="Events"]');
  if (!grid) throw new Error("no events grid");
  const max = grid.scrollHeight - grid.clientHeight;
  grid.scrollTop = 0;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const intervals = [];
  let last = performance.now();
  for (let i = 0; i < frames; i++) {
    if (step < 0) grid.scrollTop = Math.floor(Math.random() * max);
    else if (step > 0) grid.scrollTop = Math.min(max, grid.scrollTop + step);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    intervals.push(now - last);
    last = now;
  }
  return intervals;
}`;

const SCROLLS = [
  { name: "idle (no scrolling)", step: 0, frames: 60 },
  { name: "random jumps", step: -1, frames: 60 },
  { name: "600 px a frame", step: 600, frames: 240 },
  { name: "2400 px a frame", step: 2400, frames: 240 },
] as const;

export async function browserBench(options: BrowserBenchOptions): Promise<BrowserBenchOutput> {
  const base = `http://127.0.0.1:${options.port}`;
  const server = spawn(
    process.execPath,
    [
      path.join(options.root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(options.port),
    ],
    {
      cwd: options.root,
      env: {
        ...process.env,
        ...options.env,
        NEXT_DIST_DIR: options.distDir,
        NEXT_TELEMETRY_DISABLED: "1",
        TRAILSCOPE_EMULATOR_URL: options.emulatorUrl,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    await waitForHealth(base, server);
    const pid = server.pid!;
    const before = treeRssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssMiB(pid))), 250);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const started = performance.now();
    await page.goto(`${base}/?readOnly=all&range=90d&limit=${options.events}`);
    const total = options.events.toLocaleString("en-US");
    await page
      .getByRole("status")
      .filter({ hasText: new RegExp(`^${total} events`) })
      .waitFor({ timeout: 240_000 });
    const loadMs = Math.round(performance.now() - started);
    clearInterval(sampler);
    const after = treeRssMiB(pid);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;

    const scroll: BrowserBenchOutput["scroll"] = [];
    const chromiumCpu = () => descendantsCpuMs("chromium");
    const durations = async () => {
      const { metrics: now } = await cdp.send("Performance.getMetrics");
      const seconds = (name: string) => now.find((m) => m.name === name)?.value ?? 0;
      return { task: seconds("TaskDuration"), script: seconds("ScriptDuration") };
    };
    for (const { name, step, frames } of SCROLLS) {
      const before = await durations();
      const cpuBefore = chromiumCpu();
      const intervals = (await page.evaluate(
        `(${FRAME_PROBE})(${JSON.stringify({ frames, step })})`,
      )) as number[];
      const after = await durations();
      const perFrame = (seconds: number) => Math.round((seconds * 1000 * 10) / intervals.length) / 10;
      const cpu = chromiumCpu() - cpuBefore;
      scroll.push({
        name,
        frames: intervals.length,
        frameMs: summarize(intervals),
        longFrames: intervals.filter((ms) => ms > 50).length,
        mainThreadMsPerFrame: perFrame(after.task - before.task),
        scriptMsPerFrame: perFrame(after.script - before.script),
        chromiumCpuMsPerFrame: Math.round((cpu * 10) / intervals.length) / 10,
      });
    }
    return {
      events: options.events,
      loadMs,
      jsHeapMiB: Math.round((metric("JSHeapUsedSize") / 1024 / 1024) * 10) / 10,
      domNodes: metric("Nodes"),
      serverRssMiB: { before, peak, after },
      scroll,
    };
  } finally {
    await browser.close();
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
  }
}
