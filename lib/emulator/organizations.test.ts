import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION_ID, DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { startEmulator, type RunningEmulator } from "./server";

/** Organizations has no SDK client in the project: the AWS CLI (botocore) is the independent client. */

const run = promisify(execFile);

describe("DescribeOrganization through the AWS CLI", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ now: new Date("2026-11-25T12:00:00Z"), eventCount: 600, rate: 1000 });
  });
  afterAll(() => emulator.close());

  async function describeOrganization(accessKeyId: string) {
    try {
      const { stdout } = await run(
        "aws",
        [
          "organizations",
          "describe-organization",
          "--endpoint-url",
          emulator.url,
          "--region",
          "us-east-1",
          "--output",
          "json",
        ],
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
