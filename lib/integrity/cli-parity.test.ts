import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountRoot } from "../trail-files/keys";
import { LocalObjectStore } from "../trail-files/local-store";
import type { ObjectStore } from "../trail-files/object-store";
import { createS3Client, S3ObjectStore } from "../trail-files/s3-store";
import { startTestS3Server, type TestS3Server } from "../../test/support/s3-server";
import { uploadArchiveBucket } from "../../test/support/s3-upload";
import { DEMO_ORGANIZATION_ID, DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { CENTRAL_BUCKET, ORG_TRAIL_ARN } from "../../emulator/trails/demo-trails";
import { cliOutput, validateLogs, type ValidationReport } from "./report";
import { tamperArchive, type TamperAction } from "./tamper";
import { resolveValidateOptions } from "./trail-target";

/**
 * The verdict must be the AWS CLI's: the real `aws cloudtrail validate-logs` (Debian awscli, through
 * ../shared/tools/aws-validate-logs) and Trailscope's validator read the same signed archive, served by
 * the emulator (CloudTrail and Organizations) and s3rver (S3), untampered and tampered, and must print
 * the same lines.
 */

const repoRoot = path.resolve(import.meta.dirname, "../..");
const reference = path.resolve(repoRoot, "../shared/tools/aws-validate-logs");
const haveReference =
  existsSync(reference) &&
  spawnSync("/usr/bin/python3", ["-c", "import awscli"], { stdio: "ignore" }).status === 0;

const MANAGEMENT = "111122223333";
const MEMBER = "444455556666";
const REGION = "us-east-1";
const credentials = { accessKeyId: demoAccessKeyId(MANAGEMENT), secretAccessKey: DEMO_SECRET_ACCESS_KEY };

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

let dir: string;
let emulator: RunningEmulator;
let cleanS3: TestS3Server;
let tamperedS3: TestS3Server;
let tamperedRoot: string;
let actions: TamperAction[];
let hourEnd: Date;

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

async function upload(root: string, endpoint: string) {
  const client = createS3Client({ region: REGION, endpoint, credentials });
  const local = new LocalObjectStore(root);
  const base = accountRoot({ organizationId: DEMO_ORGANIZATION_ID, accountId: MEMBER });
  for (const folder of ["CloudTrail", "CloudTrail-Digest"]) {
    await uploadArchiveBucket(local, CENTRAL_BUCKET, client, {
      createBucket: true,
      prefix: `${base}/${folder}/${REGION}/`,
    });
  }
}

/** Asynchronous on purpose: the emulator and s3rver answer from this very process. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code: code ?? -1 }));
  });
}

function baseEnv(): NodeJS.ProcessEnv {
  // Only what the clients need: no profile or endpoint setting of this machine leaks into the runs.
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials"),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  return env as NodeJS.ProcessEnv;
}

function validateArgs(start: Date, end: Date): string[] {
  return [
    "--trail-arn",
    ORG_TRAIL_ARN,
    "--account-id",
    MEMBER,
    "--start-time",
    iso(start),
    "--end-time",
    iso(end),
    "--verbose",
  ];
}

function runReference(s3Endpoint: string, start: Date, end: Date): Promise<Run> {
  return run(
    "/usr/bin/python3",
    [
      reference,
      "--endpoint-url",
      emulator.url,
      "--region",
      REGION,
      "cloudtrail",
      "validate-logs",
      ...validateArgs(start, end),
    ],
    { ...baseEnv(), S3_ENDPOINT_URL: s3Endpoint, ORGANIZATIONS_ENDPOINT_URL: emulator.url },
  );
}

async function runOurs(
  store: ObjectStore,
  start: Date,
  end: Date,
): Promise<Run & { report: ValidationReport }> {
  const cloudTrail = new CloudTrailClient({ region: REGION, endpoint: emulator.url, credentials });
  const options = await resolveValidateOptions({
    trailArn: ORG_TRAIL_ARN,
    start,
    end,
    accountId: MEMBER,
    region: REGION,
    cloudTrail,
    store,
  });
  const report = await validateLogs(options);
  const chunks = cliOutput(report, true);
  return {
    report,
    stdout: chunks
      .filter((c) => c.stream === "stdout")
      .map((c) => c.text)
      .join(""),
    stderr: chunks
      .filter((c) => c.stream === "stderr")
      .map((c) => c.text)
      .join(""),
    code: report.exitCode,
  };
}

const s3Store = (endpoint: string) =>
  new S3ObjectStore(createS3Client({ region: REGION, endpoint, credentials }));

// Outside CI a checkout may lack the reference client; in CI (which installs it) a missing one fails.
if (process.env.CI && !haveReference) {
  throw new Error(
    `CI needs the reference validate-logs (${reference}) and Debian's awscli for /usr/bin/python3`,
  );
}

describe.skipIf(!haveReference)("validate-logs reaches the AWS CLI's verdict", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-parity-"));
    emulator = await startEmulator({ dataDir: path.join(dir, "data"), port: 0 });
    hourEnd = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    tamperedRoot = path.join(dir, "tampered");
    await cp(path.join(dir, "data", "archive"), tamperedRoot, { recursive: true });
    actions = await tamperArchive({
      store: new LocalObjectStore(tamperedRoot),
      bucket: CENTRAL_BUCKET,
      digestFolder: `${accountRoot({ organizationId: DEMO_ORGANIZATION_ID, accountId: MEMBER })}/CloudTrail-Digest/${REGION}/`,
    });
    [cleanS3, tamperedS3] = await Promise.all([startTestS3Server(), startTestS3Server()]);
    await upload(path.join(dir, "data", "archive"), cleanS3.endpoint);
    await upload(tamperedRoot, tamperedS3.endpoint);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([emulator?.close(), cleanS3?.close(), tamperedS3?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("an untampered chain: every file valid, exit 0", async () => {
    const start = new Date(hourEnd.getTime() - 14 * 3_600_000);
    const end = new Date(hourEnd.getTime() + 5 * 60_000);
    const [cli, ours] = await Promise.all([
      runReference(cleanS3.endpoint, start, end),
      runOurs(s3Store(cleanS3.endpoint), start, end),
    ]);
    expect(cli.code).toBe(0);
    expect(ours.stdout).toBe(cli.stdout);
    expect(ours.stderr).toBe(cli.stderr);
    expect(ours.code).toBe(cli.code);
    expect(ours.report.digests).toEqual({ valid: 15, invalid: 0 });
    expect(cli.stdout).toContain("15/15 digest files valid");
  });

  it("a gap where logging was stopped is reported, not counted as invalid", async () => {
    const start = new Date(hourEnd.getTime() - 34 * 3_600_000);
    const end = new Date(hourEnd.getTime() - 24 * 3_600_000);
    const [cli, ours] = await Promise.all([
      runReference(cleanS3.endpoint, start, end),
      runOurs(s3Store(cleanS3.endpoint), start, end),
    ]);
    expect(cli.stderr).toContain("No log files were delivered by CloudTrail between");
    expect(ours.stdout).toBe(cli.stdout);
    expect(ours.stderr).toBe(cli.stderr);
    expect(ours.code).toBe(0);
    expect(ours.report.entries.filter((e) => e.type === "gap")).toHaveLength(1);
  });

  it("a tampered archive: the same files INVALID for the same reasons, the same counts, exit 1", async () => {
    const start = new Date(hourEnd.getTime() - 14 * 3_600_000);
    const end = new Date(hourEnd.getTime() + 5 * 60_000);
    const [cli, ours, local] = await Promise.all([
      runReference(tamperedS3.endpoint, start, end),
      runOurs(s3Store(tamperedS3.endpoint), start, end),
      runOurs(new LocalObjectStore(tamperedRoot), start, end),
    ]);
    expect(cli.code).toBe(1);
    expect(ours.stdout).toBe(cli.stdout);
    expect(ours.stderr).toBe(cli.stderr);
    expect(ours.code).toBe(1);
    // The local folder and the S3 bucket hold the same files: the same report.
    expect(local.stdout).toBe(ours.stdout);
    expect(local.stderr).toBe(ours.stderr);

    const problems = ours.report.entries.flatMap((e) =>
      (e.type === "digest" || e.type === "log") && !e.valid ? [`${e.type}:${e.problem}`] : [],
    );
    // Damaged files break links; they never forge one, so no chain note appears.
    expect(ours.report.entries.filter((e) => e.type === "chain")).toEqual([]);
    expect(problems.sort()).toEqual(
      [
        "digest:invalid format",
        "digest:moved",
        "digest:not found",
        "digest:not found",
        "digest:public key not found",
        "digest:signature verification failed",
        "log:hash value doesn't match",
        "log:invalid format",
        "log:not found",
      ].sort(),
    );
    for (const action of actions) {
      const key = action.kind === "digest-moved" ? action.newKey! : action.key;
      expect(cli.stderr).toContain(`s3://${CENTRAL_BUCKET}/${key}\tINVALID`);
    }
    expect(cli.stdout).toMatch(/\d+\/\d+ digest files valid, 6\/\d+ digest files INVALID/);
    expect(cli.stdout).toMatch(/\d+\/\d+ log files valid, 3\/\d+ log files INVALID/);
  });

  it("npm run validate-logs prints the CLI's output and exits with its status", async () => {
    const start = new Date(hourEnd.getTime() - 14 * 3_600_000);
    const end = new Date(hourEnd.getTime() + 5 * 60_000);
    const cli = await runReference(tamperedS3.endpoint, start, end);
    const script = await run(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        path.join(repoRoot, "scripts/validate-logs.ts"),
        "--endpoint-url",
        emulator.url,
        "--region",
        REGION,
        ...validateArgs(start, end),
      ],
      { ...baseEnv(), AWS_ENDPOINT_URL_S3: tamperedS3.endpoint },
    );
    expect(script.stdout).toBe(cli.stdout);
    expect(script.stderr).toBe(cli.stderr);
    expect(script.code).toBe(1);
  });
});
