import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const roots = ["lib", "emulator", "test", "scripts", "app", "components"];
const INTEGRATION = roots.map((root) => `${root}/**/*.int.test.{ts,tsx}`);

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server Components bundle; unit tests run the server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    // Tests never write an event store into the working folder; store tests pick `memory` or a temp file.
    env: { TRAILSCOPE_STORE: "off" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Pure and in process (no servers, sockets or child processes), so the loop runs in seconds.
        test: {
          name: "unit",
          // Vitest leaves a core to itself by default, which on CI's 2 cores is one worker; its main
          // process mostly waits while the workers run.
          maxWorkers: availableParallelism(),
          // Projects with different worker counts run as separate groups: the unit tests first.
          sequence: { groupOrder: 0 },
          // Hook tests (.tsx) start with `// @vitest-environment jsdom`.
          include: roots.map((root) => `${root}/**/*.test.{ts,tsx}`),
          exclude: INTEGRATION,
        },
      },
      {
        extends: true,
        // Real things started: the emulator over HTTP, s3rver, the AWS CLI, child processes, network namespaces.
        test: {
          name: "integration",
          include: INTEGRATION,
          // Most of their time is spent waiting (the emulator's 2 LookupEvents/s, child processes,
          // servers starting), so one worker more than there are cores keeps the cores busy.
          maxWorkers: availableParallelism() + 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
