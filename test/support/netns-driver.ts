import { spawn } from "node:child_process";
import { request } from "node:http";
import { driverInput, type NetnsAnswer, type NetnsResult } from "./netns";

/**
 * Runs inside the network namespace netns.ts made: starts the server, waits until it answers on
 * 127.0.0.1, sends each probe and prints the answers as JSON on stdout. Anything else goes to stderr.
 */

const { server, probes } = driverInput.parse(JSON.parse(process.argv[2] ?? "null"));

function send(address: string, path: string, headers: Record<string, string>): Promise<NetnsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: server.port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const [command, ...args] = server.command as [string, ...string[]];
const child = spawn(command, args, {
  env: { ...process.env, ...server.env },
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
child.stdout.on("data", (chunk: Buffer) => (serverLog += chunk.toString("utf8")));
child.stderr.on("data", (chunk: Buffer) => (serverLog += chunk.toString("utf8")));
const exited = new Promise((resolve) => child.once("exit", resolve));

async function stopServer(): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await exited;
}

async function waitUntilReady(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering`);
    try {
      const { status } = await send("127.0.0.1", server.readyPath, {});
      if (status >= 200 && status < 300) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer ${server.readyPath} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

try {
  await waitUntilReady();
  const answers: NetnsAnswer[] = [];
  for (const probe of probes) answers.push(await send(probe.address, probe.path, probe.headers));
  await stopServer();
  const result: NetnsResult = { answers, serverLog };
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  await stopServer();
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${serverLog}`);
  process.exitCode = 1;
}
