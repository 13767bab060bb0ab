import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A second Trailscope server for specs that need settings the shared one (playwright.config's
 * webServer) does not have: an access token, or an emulator the spec controls. It runs the same
 * production build (`next start` on NEXT_DIST_DIR), which the shared webServer has built by then.
 */

const root = path.resolve(import.meta.dirname, "..", "..");

/**
 * The shared server's first start (playwright.config's webServer): what its launcher printed, and a
 * Next config home no run has used, so a telemetry notice would show in that output.
 */
export const SHARED_LAUNCH_DIR = path.resolve(root, process.env.TRAILSCOPE_DATA_DIR ?? ".data/e2e", "launch");
export const SHARED_LAUNCH_LOG = path.join(SHARED_LAUNCH_DIR, "launcher.log");

/**
 * Ports next to the shared server's, so parallel checkouts that move E2E_PORT move these too. Two specs
 * run at a time (playwright.config's projects), so each spec has offsets of its own: accounts 1,
 * input-fuzz 2, every-event-once 3-8, reliability 9, security 10-12.
 */
export function extraPort(offset: number): number {
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}

export interface AppServer {
  url: string;
  /** Everything the server printed, stdout and stderr. */
  log(): string;
  stop(): Promise<void>;
}

/** argv of `next start` on the production build, without the launcher (cwd: the repository). */
export function nextStartCommand(host: string, port: number): [string, ...string[]] {
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  return [process.execPath, next, "start", "-H", host, "-p", String(port)];
}

export async function startAppServer(options: {
  port: number;
  env: Record<string, string>;
}): Promise<AppServer> {
  const url = `http://127.0.0.1:${options.port}`;
  let output = "";
  const [command, ...args] = nextStartCommand("127.0.0.1", options.port);
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // A data folder of its own: another server's event store must not answer for this one.
      TRAILSCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "trailscope-e2e-app-")),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, log: () => output, stop };
}
