import { spawn } from "node:child_process";
import path from "node:path";
import { z } from "zod";

/**
 * Tests may send traffic only to loopback or into network namespaces they create, never to this
 * machine's LAN address. A non-loopback peer comes from a fresh namespace whose `lo` also holds
 * NETNS_PEER: a connection to that address reaches the server from that address. The test process
 * cannot reach into the namespace, so netns-driver.ts runs inside it, starts the server there, sends
 * the requests and prints what came back.
 */
export const NETNS_PEER = "10.77.0.1";

const root = path.resolve(import.meta.dirname, "..", "..");

const probe = z.object({
  address: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.string()).default({}),
});

export const driverInput = z.object({
  server: z.object({
    /** argv of the server, started inside the namespace (cwd: the repository). */
    command: z.array(z.string()).min(1),
    /** Added to the environment the server inherits from the test. */
    env: z.record(z.string(), z.string()).default({}),
    port: z.number().int().min(1).max(65535),
    /** Polled on 127.0.0.1 until it answers 2xx, before any probe is sent. */
    readyPath: z.string(),
  }),
  probes: z.array(probe),
});

const answer = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()),
  body: z.string(),
});

export const driverOutput = z.object({
  answers: z.array(answer),
  /** Everything the server printed, for failure messages. */
  serverLog: z.string(),
});

export type NetnsRun = z.input<typeof driverInput>;
export type NetnsAnswer = z.infer<typeof answer>;
export type NetnsResult = z.infer<typeof driverOutput>;

/**
 * Starts `run.server` in a new network namespace and sends `run.probes` to it from inside; the
 * answers come back in the same order. Fails (never skips) when the namespace cannot be made.
 */
export function runInNetns(run: NetnsRun, timeoutMs = 120_000): Promise<NetnsResult> {
  const input = JSON.stringify(driverInput.parse(run));
  const driver = path.join(root, "test", "support", "netns-driver.ts");
  // `$0` is the peer address, `$@` the driver's argv: no shell quoting of the JSON input.
  const setup = 'ip link set lo up && ip addr add "$0/32" dev lo && exec "$@"';
  const child = spawn(
    "unshare",
    ["--net", "sh", "-c", setup, NETNS_PEER, process.execPath, "--import", "tsx", driver, input],
    // Its own process group, so a timeout ends the driver and the server it started.
    { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      reject(new Error(`the network-namespace driver did not finish within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start unshare to make a network namespace: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(
          new Error(
            `running in a new network namespace failed (exit ${code}); unshare --net needs root or ` +
              `CAP_SYS_ADMIN, and iproute2's ip:\n${stderr}${stdout}`,
          ),
        );
        return;
      }
      try {
        resolve(driverOutput.parse(JSON.parse(stdout)));
      } catch (error) {
        reject(
          new Error(`the network-namespace driver printed no result (${String(error)}):\n${stdout}${stderr}`),
        );
      }
    });
  });
}
