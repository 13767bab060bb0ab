import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * The fallback scan, against an emulator serving trail log files: Amazon Lightsail is outside the
 * resource table and its records carry no `resources[]`, so Event history derives no resource name from
 * them, ResourceName lookups cannot find them, and only the scan of write events for delete-type calls
 * (matched on request parameters and response elements) can. Lightsail's DeleteInstance is no table
 * service's delete either, so the targeted scan of delete calls by name cannot find it.
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
    eventSource: "lightsail.amazonaws.com",
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
    record(600, "CreateInstances", { instanceNames: ["web"], blueprintId: "amazon_linux_2023" }, 1),
    record(300, "DeleteInstance", { instanceName: "web-archive" }, 2),
    record(200, "DeleteInstance", { instanceName: "web" }, 3, {
      errorCode: "OperationFailureException",
      errorMessage: "The instance is in a state that does not allow deletion",
    }),
    record(100, "DeleteInstanceSnapshot", { instanceSnapshotName: "web-nightly" }, 4, {
      responseElements: {
        operations: [
          { resourceName: "web-nightly", resourceType: "InstanceSnapshot", operationDetails: "web" },
        ],
      },
    }),
    record(50, "DeleteInstance", { instanceName: "web" }, 5, {
      responseElements: {
        operations: [{ resourceName: "web", resourceType: "Instance", status: "Started" }],
      },
    }),
  ];
  writeFileSync(
    path.join(dir, `${ACCOUNT}_CloudTrail_${REGION}_eks.json`),
    JSON.stringify({ Records: records }),
  );
  emulator = await startEmulator({ port: 0, now, dataPath: dir });
  setSettingsForTest(
    parseSettings({
      TRAILSCOPE_STORE: "off",
      TRAILSCOPE_SOURCE: "demo",
      TRAILSCOPE_EMULATOR_URL: emulator.url,
    }),
  );
});

afterAll(() => setSettingsForTest(undefined));
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
    expect(phases).toEqual(new Set(["lookup", "alternate-names", "scan", "write-scan"]));
    expect(result.scanned).toBe(true);
    expect(result.verdict.status).toBe("deleted");
    expect(result.verdict.deletion).toMatchObject({
      eventSource: "lightsail.amazonaws.com",
      eventName: "DeleteInstance",
      eventId: "11111111-2222-4333-8444-000000000005",
    });
    expect(result.verdict.deletion?.who.display).toBe("erin");
    expect(result.failedAttempts.map((a) => a.errorCode)).toEqual(["OperationFailureException"]);
    expect(result.searched.filter((s) => s.phase === "write-scan")).toEqual([
      expect.objectContaining({ lookup: { key: "ReadOnly", value: "false" }, events: 5, matched: 2 }),
    ]);
    // DeleteInstanceSnapshot names the instance but deletes a snapshot; web-archive is another
    // instance; the write scan keeps delete-type calls only, so CreateInstances is not in it.
    expect(result.timeline.map((t) => t.eventId)).toEqual([
      "11111111-2222-4333-8444-000000000003",
      "11111111-2222-4333-8444-000000000005",
    ]);
  });
});
