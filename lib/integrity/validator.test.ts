import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestKey } from "../trail-files/keys";
import { LocalObjectStore } from "../trail-files/local-store";
import { validateLogs } from "./report";
import { digestStringToSign, publicKeyFingerprint, sha256Hex, signDigest } from "./signing";
import { chainMismatchText, invalidReason, type ValidateOptions, type ValidationEntry } from "./validator";

const BUCKET = "chain-test-bucket";
const TRAIL = "arn:aws:cloudtrail:us-east-1:111122223333:trail/t";
const scope = { accountId: "111122223333", region: "us-east-1" };
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const der = createPublicKey(privateKey).export({ format: "der", type: "pkcs1" });
const fingerprint = publicKeyFingerprint(der);

let root: string;
let store: LocalObjectStore;

/** Three hourly digests, each correctly signed; the newest one's link describes a different predecessor. */
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailscope-chain-"));
  store = new LocalObjectStore(root);
  let previous: { key: string; hash: string; signature: string } | undefined;
  for (let hour = 1; hour <= 3; hour++) {
    const end = new Date(Date.UTC(2026, 10, 25, hour));
    const key = digestKey(scope, "t", "us-east-1", end);
    const digest = {
      awsAccountId: scope.accountId,
      digestStartTime: new Date(end.getTime() - 3_600_000).toISOString().replace(".000", ""),
      digestEndTime: end.toISOString().replace(".000", ""),
      digestS3Bucket: BUCKET,
      digestS3Object: key,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: "SHA256withRSA",
      previousDigestS3Bucket: previous ? BUCKET : null,
      previousDigestS3Object: previous?.key ?? null,
      // The third digest claims a predecessor whose content was different: a forged or replaced file.
      previousDigestHashValue: previous ? (hour === 3 ? "0".repeat(64) : previous.hash) : null,
      previousDigestHashAlgorithm: previous ? "SHA-256" : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: [],
    };
    const inflated = Buffer.from(JSON.stringify(digest));
    const signature = signDigest(privateKey, digestStringToSign(digest, inflated));
    await store.putObject(BUCKET, key, gzipSync(inflated), {
      signature,
      "signature-algorithm": "SHA256withRSA",
    });
    previous = { key, hash: sha256Hex(inflated), signature };
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const options = (): ValidateOptions => ({
  trailArn: TRAIL,
  start: new Date("2026-11-25T00:00:00Z"),
  end: new Date("2026-11-25T03:00:00Z"),
  bucket: BUCKET,
  accountId: scope.accountId,
  sourceRegion: "us-east-1",
  store,
  loadPublicKeys: async () => new Map([[fingerprint, new Uint8Array(der)]]),
});

describe("the digest chain walk", () => {
  it("keeps the CLI's verdict but notes a link whose hash does not describe the digest it points to", async () => {
    const report = await validateLogs(options());
    expect(report.digests).toEqual({ valid: 3, invalid: 0 });
    expect(report.exitCode).toBe(0);
    const chain = report.entries.filter((e) => e.type === "chain");
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject({
      key: digestKey(scope, "t", "us-east-1", new Date(Date.UTC(2026, 10, 25, 2))),
    });
    expect(chain[0]!.message).toContain("previousDigestHashValue does not match its SHA-256");
  });

  it("reports every digest INVALID with the CLI's words when the key cannot verify them", async () => {
    const other = createPublicKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey).export({
      format: "der",
      type: "pkcs1",
    });
    const report = await validateLogs({
      ...options(),
      loadPublicKeys: async () => new Map([[fingerprint, new Uint8Array(other)]]),
    });
    expect(report.digests).toEqual({ valid: 0, invalid: 3 });
    expect(report.entries.map((e) => e.message.split("\t")[2])).toEqual(
      Array(3).fill("INVALID: signature verification failed"),
    );
    const garbage = await validateLogs({
      ...options(),
      loadPublicKeys: async () => new Map([[fingerprint, new Uint8Array([1, 2, 3])]]),
    });
    expect(garbage.entries[0]!.message).toMatch(
      /INVALID: Unable to load PKCS #1 key with fingerprint [0-9a-f]{32}$/,
    );
  });

  it("aborts like the CLI when no public key covers the range", async () => {
    await expect(validateLogs({ ...options(), loadPublicKeys: async () => new Map() })).rejects.toThrow(
      "No public keys found between 2026-11-25T00:00:00Z and 2026-11-25T03:00:00Z",
    );
  });

  it("carries each problem as data, worded from the data as the CLI words it", async () => {
    const report = await validateLogs(options());
    const chain = report.entries.find((e) => e.type === "chain");
    expect(chain).toMatchObject({ mismatches: ["previousDigestHashValue"] });
    if (chain?.type !== "chain") throw new Error("no chain entry");
    expect(chain.message.endsWith(`: ${chain.mismatches.map(chainMismatchText).join("; ")}`)).toBe(true);

    const unknownKey = await validateLogs({
      ...options(),
      loadPublicKeys: async () => new Map([["0".repeat(32), new Uint8Array(der)]]),
    });
    const invalid = unknownKey.entries.filter(
      (e): e is Extract<ValidationEntry, { type: "digest"; valid: false }> => e.type === "digest" && !e.valid,
    );
    expect(invalid).toHaveLength(3);
    for (const entry of invalid) {
      expect(entry).toMatchObject({ problem: "public key not found", homeRegion: "us-east-1", fingerprint });
      expect(entry.message.split("\tINVALID: ")[1]).toBe(invalidReason(entry));
    }
    expect(invalidReason(invalid[0]!)).toBe(
      `public key not found in region us-east-1 for fingerprint ${fingerprint}`,
    );
  });
});
