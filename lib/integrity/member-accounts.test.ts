import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalObjectStore } from "../trail-files/local-store";
import type { TrailView } from "../trails/list-trails";

let root: string;

vi.mock("../config", () => ({
  getSettings: () => ({ source: "demo", dataDir: root }),
}));
vi.mock("../accounts/registry", () => ({
  getAccounts: async () => [{ id: "111122223333", name: "management", credentials: {} }],
}));

const BUCKET = "central";
const trail = (organization: boolean): TrailView =>
  ({
    arn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org",
    name: "org",
    ownerAccountId: "111122223333",
    readByAccount: { id: "111122223333", name: "management" },
    homeRegion: "us-east-1",
    organization,
    bucket: BUCKET,
    prefix: null,
  }) as TrailView;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailscope-members-"));
  const store = new LocalObjectStore(path.join(root, "archive"));
  const put = (key: string) => store.putObject(BUCKET, key, Buffer.from("{}"), {});
  // Members in the organization folder (the management account last in S3 order), and an account
  // that delivers outside the organization, which an organization trail's validation cannot walk.
  await put("AWSLogs/o-abc123/444455556666/CloudTrail-Digest/us-east-1/2026/11/25/d.json.gz");
  await put("AWSLogs/o-abc123/777788889999/CloudTrail-Digest/us-east-1/2026/11/25/d.json.gz");
  await put("AWSLogs/o-abc123/999900001111/CloudTrail/us-east-1/2026/11/25/l.json.gz");
  await put("AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/25/l.json.gz");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("trailMemberAccounts", () => {
  it("offers the organization folder's accounts, the trail's own account first", async () => {
    const { trailMemberAccounts } = await import("./run-validation");
    expect(await trailMemberAccounts(trail(true))).toEqual([
      "111122223333",
      "444455556666",
      "777788889999",
      "999900001111",
    ]);
  });

  it("offers only the trail's own account for a trail of one account", async () => {
    const { trailMemberAccounts } = await import("./run-validation");
    expect(await trailMemberAccounts(trail(false))).toEqual(["111122223333"]);
  });
});
