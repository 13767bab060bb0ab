import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "./local-store";

let root: string;
let store: LocalObjectStore;
const keys = [
  "AWSLogs/1/CloudTrail/us-east-1/a.json.gz",
  "AWSLogs/1/CloudTrail-Digest/us-east-1/b.json.gz",
  "AWSLogs/1/CloudTrail-Insight/c.json.gz",
  "AWSLogs/10/x.json.gz",
];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailscope-local-store-"));
  store = new LocalObjectStore(root);
  for (const key of keys)
    await store.putObject("bucket", key, Buffer.from(key), key.includes("Digest") ? { signature: "ab" } : {});
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function list(options?: { prefix?: string; startAfter?: string }) {
  const out: string[] = [];
  for await (const key of store.listKeys("bucket", options)) out.push(key);
  return out;
}

describe("LocalObjectStore", () => {
  it("lists in S3's byte order, where `CloudTrail-Digest/` sorts before `CloudTrail/`", async () => {
    expect(await list()).toEqual([...keys].sort());
    expect((await list())[0]).toBe("AWSLogs/1/CloudTrail-Digest/us-east-1/b.json.gz");
  });

  it("honours prefix and startAfter like ListObjects' marker", async () => {
    expect(await list({ prefix: "AWSLogs/1/" })).toEqual(keys.slice(0, 3).sort());
    expect(await list({ startAfter: "AWSLogs/1/CloudTrail-Insight/c.json.gz" })).toEqual([
      "AWSLogs/1/CloudTrail/us-east-1/a.json.gz",
      "AWSLogs/10/x.json.gz",
    ]);
  });

  it("keeps user metadata beside the object and moves it with the object", async () => {
    const key = "AWSLogs/1/CloudTrail-Digest/us-east-1/b.json.gz";
    expect((await store.getObject("bucket", key))?.metadata).toEqual({ signature: "ab" });
    await store.moveObject("bucket", key, "AWSLogs/1/moved.json.gz");
    expect(await store.getObject("bucket", key)).toBeUndefined();
    expect((await store.getObject("bucket", "AWSLogs/1/moved.json.gz"))?.metadata).toEqual({
      signature: "ab",
    });
    expect(await list({ prefix: "AWSLogs/1/m" })).toEqual(["AWSLogs/1/moved.json.gz"]);
  });

  it("refuses keys that would leave the bucket folder", async () => {
    await expect(store.getObject("bucket", "../outside")).rejects.toThrow(/cannot be stored/);
    await expect(store.getObject("..", "x")).rejects.toThrow(/Invalid bucket/);
  });
});
