import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { SHARED_LAUNCH_DIR, SHARED_LAUNCH_LOG } from "./e2e/support/app-server";

const port = Number(process.env.E2E_PORT ?? 3100);
/** A spec that uses no browser and talks only to a server and an emulator it starts itself. */
const API_SPECS = ["reliability.spec.ts"];
// Playwright's own browser download cannot work here; Debian's Chromium is used when present.
const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // One browser spec at a time, and beside it the reliability spec: it uses no browser and mostly waits
  // on a server and an emulator of its own (2 LookupEvents/s, retries and their backoff), so it costs
  // the browser specs little CPU. Two browser specs side by side on 2 cores slow each other and let
  // the pages' URL-driven state fall behind what the specs check (the Events page, back navigation).
  workers: 2,
  projects: [
    { name: "browser", testIgnore: API_SPECS, workers: 1 },
    { name: "api", testMatch: API_SPECS, workers: 1 },
  ],
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The real launcher, as a user runs it: builds when needed, starts the embedded emulator, then `next start`.
    // Its output is kept for every-event-once.spec.ts, which checks what a first start prints.
    command: `rm -rf '${SHARED_LAUNCH_DIR}' && mkdir -p '${SHARED_LAUNCH_DIR}/config' && tsx scripts/start.ts 2>&1 | tee '${SHARED_LAUNCH_LOG}'`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      TRAILSCOPE_DATA_DIR: process.env.TRAILSCOPE_DATA_DIR ?? ".data/e2e",
      // No NEXT_TELEMETRY_DISABLED here: the launcher sets it itself, and that is what is tested.
      XDG_CONFIG_HOME: `${SHARED_LAUNCH_DIR}/config`,
    },
  },
});
