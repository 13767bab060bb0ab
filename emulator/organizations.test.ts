import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION_ID, DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "./server";

/** Organizations has no SDK client in the project: the AWS CLI (botocore) is the independent client. */

const run = promisify(execFile);

async function organizations(emulator: RunningEmulator, accessKeyId: string, ...args: string[]) {
  try {
    const { stdout } = await run(
      "aws",
      ["organizations", ...args, "--endpoint-url", emulator.url, "--region", "us-east-1", "--output", "json"],
      {
        timeout: 60_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: accessKeyId,
          AWS_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY,
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1",
        },
      },
    );
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("DescribeOrganization through the AWS CLI", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ now: new Date("2026-11-25T12:00:00Z"), eventCount: 600, rate: 1000 });
  });
  afterAll(() => emulator.close());

  const describeOrganization = (accessKeyId: string) =>
    organizations(emulator, accessKeyId, "describe-organization");

  it.each(["111122223333", "444455556666", "777788889999"])(
    "describes the demo organization to account %s",
    async (account) => {
      const result = await describeOrganization(demoAccessKeyId(account));
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        Organization: {
          Id: DEMO_ORGANIZATION_ID,
          Arn: `arn:aws:organizations::111122223333:organization/${DEMO_ORGANIZATION_ID}`,
          FeatureSet: "ALL",
          MasterAccountArn: `arn:aws:organizations::111122223333:account/${DEMO_ORGANIZATION_ID}/111122223333`,
          MasterAccountId: "111122223333",
          MasterAccountEmail: "management@example.com",
          AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
        },
      });
    },
  );

  it("answers AWSOrganizationsNotInUseException to an account outside the organization", async () => {
    const result = await describeOrganization(demoAccessKeyId("123456789012"));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("AWSOrganizationsNotInUseException");
    expect(result.stderr).toContain("Your account is not a member of an organization.");
  });
});

describe("ListAccounts through the AWS CLI", () => {
  let demo: RunningEmulator;
  let logs: RunningEmulator;
  let dir: string;
  const LOG_ACCOUNTS = ["210987654321", "123456789012", "333344445555"];

  beforeAll(async () => {
    demo = await startEmulator({ now: new Date("2026-11-25T12:00:00Z"), eventCount: 300, rate: 1000 });
    dir = await mkdtemp(path.join(tmpdir(), "trailscope-orgs-"));
    const records = LOG_ACCOUNTS.map((account, i) => ({
      eventVersion: "1.08",
      userIdentity: { type: "Root", accountId: account, arn: `arn:aws:iam::${account}:root` },
      eventTime: `2026-11-20T10:00:0${i}Z`,
      eventSource: "s3.amazonaws.com",
      eventName: "CreateBucket",
      awsRegion: "us-east-1",
      eventID: `00000000-0000-4000-8000-00000000000${i}`,
      recipientAccountId: account,
    }));
    await writeFile(path.join(dir, "logs.json"), JSON.stringify({ Records: records }));
    logs = await startEmulator({ dataPath: dir, rate: 1000 });
  });
  afterAll(async () => {
    await demo.close();
    await logs.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ids = (stdout: string) =>
    (JSON.parse(stdout) as { Accounts: { Id: string; Name: string; Status: string }[] }).Accounts.map((a) => [
      a.Id,
      a.Name,
      a.Status,
    ]);

  it("lists the demo organization to its management account, one page at a time", async () => {
    // --page-size 1 makes the CLI follow NextToken through every page.
    const result = await organizations(
      demo,
      demoAccessKeyId("111122223333"),
      "list-accounts",
      "--page-size",
      "1",
    );
    expect(result.code).toBe(0);
    expect(ids(result.stdout)).toEqual([
      ["111122223333", "management", "ACTIVE"],
      ["444455556666", "prod", "ACTIVE"],
      ["777788889999", "dev", "ACTIVE"],
    ]);
  });

  it("refuses a member account and an account outside the organization, as AWS does", async () => {
    const member = await organizations(demo, demoAccessKeyId("444455556666"), "list-accounts");
    expect(member.code).not.toBe(0);
    expect(member.stderr).toContain("AccessDeniedException");
    const outsider = await organizations(demo, demoAccessKeyId("123456789012"), "list-accounts");
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toContain("AWSOrganizationsNotInUseException");
  });

  it("lists the accounts of the log files it serves, to a key of no demo account", async () => {
    const result = await organizations(logs, "AKIAIOSFODNN7EXAMPLE", "list-accounts", "--page-size", "2");
    expect(result.code).toBe(0);
    expect(ids(result.stdout)).toEqual([...LOG_ACCOUNTS].sort().map((id) => [id, id, "ACTIVE"]));
  });
});
