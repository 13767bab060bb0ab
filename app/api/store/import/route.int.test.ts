import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { ArchiveImportJob } from "@/lib/sync/archive-import-job";
import { GET, POST } from "./route";

/** The route handlers as Next calls them, importing the demo emulator's archive into a memory store. */

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-import-route-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 1200, seed: 3 });
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_DATA_DIR: dir,
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_STORE: "memory",
  });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

async function finished(): Promise<ArchiveImportJob> {
  for (;;) {
    const { job } = (await GET().json()) as { job: ArchiveImportJob };
    if (job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("/api/store/import", () => {
  it("imports the demo archive in the background, refuses a second start meanwhile, then skips every file", async () => {
    const started = await POST();
    expect(started.status).toBe(202);
    expect(((await started.json()) as { job: ArchiveImportJob }).job.state).toBe("running");
    const again = await POST();
    expect(again.status).toBe(409);

    const first = await finished();
    expect(first.state).toBe("done");
    // Named by its bucket, never by the server's absolute folder.
    expect(first.archive).toContain("(the demo archive)");
    expect(first.archive).not.toContain(dir);
    expect(first.progress?.filesImported).toBeGreaterThan(100);
    expect(first.progress?.eventsInserted).toBeGreaterThan(0);
    expect(first.progress?.filesUnusable).toBe(0);

    expect((await POST()).status).toBe(202);
    const second = await finished();
    expect(second.progress).toMatchObject({
      filesImported: 0,
      filesSkipped: first.progress?.filesImported,
      eventsInserted: 0,
    });
  }, 120_000);
});
