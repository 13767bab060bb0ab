/**
 * `npm start` / `npm run dev`: builds when needed, starts the embedded CloudTrail-compatible endpoint
 * when the source is the demo, then runs Next on 127.0.0.1 (or TRAILSCOPE_HOST, which needs a token).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "../emulator/server";
import type { Settings } from "../lib/config/settings-schema";
import { launcherSettings } from "./launch-settings";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
// A dashboard over audit data sends nothing anywhere: Next's build and server inherit this.
process.env.NEXT_TELEMETRY_DISABLED = "1";

function fail(message: string): never {
  console.error(`trailscope: ${message}`);
  process.exit(1);
}

function readSettings(): Settings {
  try {
    return launcherSettings(process.env);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

const settings = readSettings();
const host = settings.host;

function newestSourceTime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  for (const file of ["package.json", "next.config.mjs", "postcss.config.mjs"]) {
    const full = path.join(root, file);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  const stale =
    !existsSync(buildId) ||
    statSync(buildId).mtimeMs < newestSourceTime(["app", "components", "lib", "public"]);
  if (!stale) return;
  console.log("trailscope: building the dashboard (first start or sources changed)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) fail("the build failed; see the output above");
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env };
  let closeEmulator: (() => Promise<void>) | undefined;
  if (settings.source === "demo" && !settings.emulatorUrl) {
    const emulator = await startEmulator({
      dataPath: settings.dataPath,
      // Next runs in `root`, where the app resolves a relative TRAILSCOPE_DATA_DIR.
      dataDir: path.resolve(root, settings.dataDir),
    });
    closeEmulator = emulator.close;
    env.TRAILSCOPE_EMULATOR_URL = emulator.url;
    // Log files carry their own regions, not the demo's; the app lists their accounts from the emulator.
    if (settings.dataPath) env.TRAILSCOPE_REGIONS ??= emulator.store.regions().join(",");
    console.log(`trailscope: demo CloudTrail endpoint on ${emulator.url} (${emulator.describe()})`);
  }
  if (!dev) buildIfNeeded();

  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-H", host, "-p", port], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  console.log(`trailscope: dashboard on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code, signal) => {
    await closeEmulator?.();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
