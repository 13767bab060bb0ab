import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import type { EventsResponse } from "@/lib/events/api-contract";
import type { StoreStatus } from "@/lib/sync/store-status";
import { demoStory } from "@/emulator/dataset/stories";
import type { InvestigateResponse } from "@/lib/investigate/contract";
import { GET as investigate } from "../investigate/route";
import { GET as getStatus } from "../store/status/route";
import { GET } from "./route";

/** Two Trailscope processes on one store file: the second says so and answers live. */

const ROOT = path.resolve(import.meta.dirname, "../../..");
let emulator: RunningEmulator;
let holder: ChildProcess;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "trailscope-locked-"));
  const file = path.join(dir, "events.duckdb");
  holder = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/support/store-hold-open.ts", file],
    {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.once("data", (chunk: Buffer) =>
      chunk.toString().trim() === "open" ? resolve() : reject(new Error(chunk.toString())),
    );
  });
  emulator = await startEmulator({ eventCount: 600, rate: 200 });
  Object.assign(process.env, {
    TRAILSCOPE_SOURCE: "demo",
    TRAILSCOPE_EMULATOR_URL: emulator.url,
    TRAILSCOPE_RATE: "100",
    TRAILSCOPE_STORE: file,
  });
});
afterAll(async () => {
  holder.stdin!.end();
  await new Promise((resolve) => holder.once("exit", resolve));
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a store file held by another process", () => {
  it("answers live, and the plan and the status say why", async () => {
    const response = await GET(new NextRequest("http://127.0.0.1/api/events?range=7d&limit=20"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as EventsResponse;
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.apiCalls).toBeGreaterThan(0);
    expect(body.plan.store).toMatchObject({ status: "unavailable", sources: [] });
    expect(body.plan.store?.message).toMatch(/in use by another Trailscope.*running without it/);
    const status = (await (await getStatus()).json()) as StoreStatus;
    expect(status).toMatchObject({ status: "unavailable", sources: [] });
    expect(status.message).toMatch(/pid \d+/);
  });

  it("investigates live, and the answer says why", async () => {
    const role = demoStory("management-iam-role");
    const search = new URLSearchParams({ resource: role.resourceArn! });
    const response = await investigate(new NextRequest(`http://127.0.0.1/api/investigate?${search}`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as InvestigateResponse;
    expect(body.verdict.deletion?.eventId).toBe(role.expected.deletionEventId);
    expect(body.apiCalls).toBeGreaterThan(0);
    expect(body.store).toMatchObject({ status: "unavailable", sources: [] });
    expect(body.store?.message).toMatch(/in use by another Trailscope/);
    expect(body.searched.every((s) => s.storeEvents === 0)).toBe(true);
  });
});
