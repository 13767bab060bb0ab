import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { resolveSources } from "../sources/history/sources";
import { historySource, readCoverage } from "../store/coverage";
import { openStore } from "../store/open-store";

/**
 * TRAILSCOPE_SYNC=start in a real process: every configured source syncs from launch, before any query,
 * and a SIGTERM stops the scheduler and closes the store (DuckDB checkpoints and removes its WAL on a
 * clean close; a process killed outright leaves it behind).
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const now = Math.floor(Date.now() / 1000) * 1000;
let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: new Date(now), eventCount: 3000, rate: 50 });
  dir = await mkdtemp(path.join(tmpdir(), "trailscope-start-"));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function startChild(file: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "50",
    TRAILSCOPE_STORE: file,
    TRAILSCOPE_SYNC: "start",
  };
  delete env.TRAILSCOPE_REGIONS;
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/support/store-start-child.ts"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  const syncing = new Promise<string[]>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const line = chunk.toString().match(/^syncing (.*)$/m);
      if (line) resolve(line[1]!.split(","));
    });
    child.on("exit", () => reject(new Error(`the child exited early: ${stderr}`)));
  });
  return { child, exited, syncing };
}

describe("TRAILSCOPE_SYNC=start", () => {
  it("syncs every configured source at launch and stops cleanly on SIGTERM", async () => {
    Object.assign(process.env, { TRAILSCOPE_SOURCE: "demo", TRAILSCOPE_EMULATOR_URL: emulator.url });
    delete process.env.TRAILSCOPE_REGIONS;
    const expected = (await resolveSources({})).map((s) => `${s.account.id}/${s.region}`).sort();
    const file = path.join(dir, "events.duckdb");
    const { child, exited, syncing } = startChild(file);

    expect(await syncing).toEqual(expected);
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(existsSync(`${file}.wal`)).toBe(false);

    const opened = await openStore({ kind: "file", path: file });
    if (opened.status !== "open") throw new Error(JSON.stringify(opened));
    const sources = await resolveSources({});
    const covered = await opened.store.read(async (c) =>
      Promise.all(sources.map(async (s) => (await readCoverage(c, historySource(s))).length)),
    );
    expect(covered.filter((n) => n > 0).length).toBeGreaterThan(0);
    await opened.store.close();
  });
});
