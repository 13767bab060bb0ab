import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * The fallback scan, against an emulator serving trail log files: EKS records carry no `resources[]`
 * and Event history derives no resource name from them, so ResourceName lookups cannot find them and
 * only the scan of delete-type events (matched on request parameters) can.
 */

const ACCOUNT = "444455556666";
const REGION = "us-west-2";
const now = new Date();
let emulator: RunningEmulator;
let dir: string;

function record(
  minutesAgo: number,
  eventName: string,
  requestParameters: Record<string, unknown>,
  n: number,
  extra = {},
) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: `arn:aws:iam::${ACCOUNT}:user/erin`,
      accountId: ACCOUNT,
      accessKeyId: "AKIAEXAMPLE",
      userName: "erin",
    },
    eventTime: new Date(now.getTime() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
    eventSource: "eks.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: "203.0.113.9",
    userAgent: "aws-cli/2.17.0 Python/3.11.9 Linux/6.1 exe/x86_64",
    requestParameters,
    responseElements: null,
    requestID: `req-${n}`,
    eventID: `11111111-2222-4333-8444-${String(n).padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    ...extra,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "trailscope-scan-"));
  const records = [
    record(600, "CreateCluster", { name: "web" }, 1),
    record(300, "DeleteCluster", { name: "web-archive" }, 2),
    record(200, "DeleteCluster", { name: "web" }, 3, {
      errorCode: "ResourceInUseException",
      errorMessage: "Cluster has nodegroups attached",
    }),
    record(100, "DeleteNodegroup", { clusterName: "web", nodegroupName: "workers" }, 4),
    record(50, "DeleteCluster", { name: "web" }, 5),
  ];
  writeFileSync(
    path.join(dir, `${ACCOUNT}_CloudTrail_${REGION}_eks.json`),
    JSON.stringify({ Records: records }),
  );
  emulator = await startEmulator({ port: 0, now, dataPath: dir });
  process.env.TRAILSCOPE_SOURCE = "demo";
  process.env.TRAILSCOPE_EMULATOR_URL = emulator.url;
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the fallback scan", () => {
  it("finds a deletion that no resource name points at, with progress, and no look-alike", async () => {
    const parsed = parseInvestigateQuery(
      new URLSearchParams({ resource: "web", account: ACCOUNT, region: REGION }),
      now,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const phases = new Set<string>();
    const result = await investigate(parsed.query, { onProgress: (p) => phases.add(p.phase) });
    expect(phases).toEqual(new Set(["lookup", "alternate-names", "scan"]));
    expect(result.scanned).toBe(true);
    expect(result.verdict.status).toBe("deleted");
    expect(result.verdict.deletion).toMatchObject({
      eventName: "DeleteCluster",
      eventId: "11111111-2222-4333-8444-000000000005",
    });
    expect(result.verdict.deletion?.who.display).toBe("erin");
    expect(result.failedAttempts.map((a) => a.errorCode)).toEqual(["ResourceInUseException"]);
    // DeleteNodegroup names the cluster but deletes a node group; web-archive is another cluster.
    expect(result.timeline.map((t) => t.eventId)).toEqual([
      "11111111-2222-4333-8444-000000000003",
      "11111111-2222-4333-8444-000000000005",
    ]);
  });
});
