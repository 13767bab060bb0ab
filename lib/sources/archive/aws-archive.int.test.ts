import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../../config";
import { createS3Client } from "../../trail-files/s3-store";
import { LocalObjectStore } from "../../trail-files/local-store";
import {
  DEMO_ACCOUNTS,
  DEMO_ORGANIZATION_ID,
  DEMO_SECRET_ACCESS_KEY,
  demoAccessKeyId,
} from "../../demo/accounts";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { CENTRAL_BUCKET } from "../../../emulator/trails/demo-trails";
import type { AuditEvent } from "../../events/audit-event";
import { InputError } from "../../events/errors";
import { parseEventQuery } from "../../query/event-query";
import { startTestS3Server, type TestS3Server } from "../../../test/support/s3-server";
import { uploadArchiveBucket } from "../../../test/support/s3-upload";
import { openArchive } from "./open-archive";
import { streamArchiveEvents } from "./stream-archive-events";

/**
 * The `aws` source's archive path over HTTP: the trail's bucket comes from DescribeTrails (the
 * emulator), the log files from a real S3-compatible server (s3rver) through the SDK's endpoint settings.
 */

const management = DEMO_ACCOUNTS.find((a) => a.name === "management")!;
const prod = DEMO_ACCOUNTS.find((a) => a.name === "prod")!;
let dir: string;
let emulator: RunningEmulator;
let s3: TestS3Server;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailscope-aws-archive-"));
  emulator = await startEmulator({ dataDir: dir, port: 0, eventCount: 2000, seed: 3 });
  s3 = await startTestS3Server();
  // One member account's files in one region keep the upload short.
  await uploadArchiveBucket(
    new LocalObjectStore(path.join(dir, "archive")),
    CENTRAL_BUCKET,
    createS3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      credentials: { accessKeyId: demoAccessKeyId(management.id), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    }),
    { createBucket: true, prefix: `AWSLogs/${DEMO_ORGANIZATION_ID}/${prod.id}/CloudTrail/eu-west-1/` },
  );
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "aws",
      TRAILSCOPE_REGIONS: "us-east-1",
      TRAILSCOPE_ACCOUNTS: JSON.stringify([{ id: management.id, name: "management" }]),
      TRAILSCOPE_ARCHIVE_BUCKETS: "configured-extra-logs",
    }),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: demoAccessKeyId(management.id),
    AWS_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
  });
  delete process.env.AWS_PROFILE;
}, 180_000);

afterAll(() => setSettingsForTest(undefined));
afterAll(async () => {
  await Promise.all([emulator?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the archive source with the aws source", () => {
  it("finds the organization trail's bucket and reads its log files from S3", async () => {
    const archive = await openArchive({});
    expect(archive.bucket).toBe(CENTRAL_BUCKET);
    expect(archive.description).toBe(`s3://${CENTRAL_BUCKET}/`);
    // An account the archive holds but Trailscope does not read keeps its ID as its name.
    expect(archive.accounts).toEqual([
      { accountId: prod.id, name: prod.id, organizationId: DEMO_ORGANIZATION_ID },
    ]);

    const parsed = parseEventQuery(new URLSearchParams("source=archive&range=1d&readOnly=all&limit=5000"));
    if (!parsed.ok) throw new Error("bad query");
    const events: AuditEvent[] = [];
    let files = 0;
    for await (const m of streamArchiveEvents(parsed.query)) {
      if (m.type === "events") events.push(...m.events);
      if (m.type === "done") {
        expect(m.complete).toBe(true);
        files = m.sources[0]?.pages ?? 0;
      }
    }
    expect(files).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.accountId === prod.id && e.awsRegion === "eu-west-1")).toBe(true);
  }, 60_000);

  it("reads a bucket named in the URL only when it is a configured account's trail bucket", async () => {
    expect((await openArchive({ bucket: CENTRAL_BUCKET })).bucket).toBe(CENTRAL_BUCKET);
    // A crafted link must not make the server sign requests to someone else's bucket.
    const error = await openArchive({ bucket: "attacker-owned-logs" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({
      param: "bucket",
      message: expect.stringContaining(`allowed: configured-extra-logs, ${CENTRAL_BUCKET}`),
    });
    // A bucket the user configured passes the check; this one does not exist, and the answer says so.
    await expect(openArchive({ bucket: "configured-extra-logs" })).rejects.toThrow(
      /^bucket: configured-extra-logs does not exist$/,
    );
  });
});
