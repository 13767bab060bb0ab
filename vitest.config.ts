import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server Components bundle; unit tests run the server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "emulator/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // Tests never write an event store into the working folder; store tests pick `memory` or a temp file.
    env: { TRAILSCOPE_STORE: "off" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
