import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./loopback";

const root = path.resolve(import.meta.dirname, "..", "..");

/** Runs the launcher; every case here must stop it before it builds or listens. */
function launch(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"],
    {
      cwd: root,
      env: { ...process.env, TRAILSCOPE_TOKEN: "", PORT: "3263", ...env },
      encoding: "utf8",
      timeout: 20_000,
    },
  );
}

describe("isLoopbackHost", () => {
  it("accepts only addresses that stay on this machine", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "127.0.0.1.nip.io"]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe("the launcher", () => {
  it("refuses to listen beyond loopback without a token, and says why", () => {
    const run = launch({ TRAILSCOPE_HOST: "0.0.0.0" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refusing to listen on 0.0.0.0 without an access token");
  });

  it("refuses a token that is too short", () => {
    const run = launch({ TRAILSCOPE_HOST: "0.0.0.0", TRAILSCOPE_TOKEN: "short-token" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TRAILSCOPE_TOKEN must be at least 16 characters");
  });

  it("refuses a long token that is easy to guess", () => {
    const run = launch({ TRAILSCOPE_HOST: "0.0.0.0", TRAILSCOPE_TOKEN: "aaaaaaaaaaaaaaaa" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TRAILSCOPE_TOKEN is too easy to guess (1 different characters");
  });
});
