import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { SHARED_LAUNCH_DIR, SHARED_LAUNCH_LOG } from "./e2e/support/app-server";

const port = Number(process.env.E2E_PORT ?? 3100);
// Playwright's own browser download cannot work here; Debian's Chromium is used when present.
const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
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
