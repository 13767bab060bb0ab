import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "./server";

/** An independent client: the AWS CLI (botocore) on PATH, as CI installs it from Debian. */

const run = promisify(execFile);
const NOW = new Date("2026-11-25T12:00:00Z");
const PROD = "444455556666";

interface CliEvent {
  EventId: string;
  EventName: string;
  /** The CLI v1 prints epoch seconds as received, v2 an ISO 8601 string. */
  EventTime: number | string;
  Username?: string;
  Resources?: { ResourceType: string; ResourceName: string }[];
}

describe("the AWS CLI against the emulator", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    // A high rate: the test is about the protocol, and the CLI's throttling retries would only slow it down.
    emulator = await startEmulator({ now: NOW, eventCount: 3000, seed: 21, rate: 1000 });
  });
  afterAll(() => emulator.close());

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(
        "aws",
        [
          "cloudtrail",
          "lookup-events",
          "--endpoint-url",
          emulator.url,
          "--region",
          "us-east-1",
          "--output",
          "json",
          ...args,
        ],
        {
          timeout: 60_000,
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: demoAccessKeyId(PROD),
            AWS_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY,
            AWS_SESSION_TOKEN: undefined,
            AWS_PROFILE: undefined,
            AWS_CONFIG_FILE: "/dev/null",
            AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
            AWS_PAGER: "",
          },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== "number") throw error;
      return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  }

  it("pages with --page-size, --max-items and --starting-token exactly as the store orders events", async () => {
    const expected = emulator.store.events(PROD, "us-east-1").slice(0, 14);
    const first = await cli("--page-size", "3", "--max-items", "7");
    expect(first.stderr).toBe("");
    const page1 = JSON.parse(first.stdout) as { Events: CliEvent[]; NextToken: string };
    expect(page1.Events.map((e) => e.EventId)).toEqual(expected.slice(0, 7).map((e) => e.eventId));
    const time = page1.Events[0]!.EventTime;
    expect(typeof time === "number" ? time * 1000 : Date.parse(time)).toBe(expected[0]!.time);
    expect(page1.NextToken).toBeTruthy();
    const second = await cli("--page-size", "3", "--max-items", "7", "--starting-token", page1.NextToken);
    const page2 = JSON.parse(second.stdout) as { Events: CliEvent[] };
    expect(page2.Events.map((e) => e.EventId)).toEqual(expected.slice(7, 14).map((e) => e.eventId));
  }, 120_000);

  it("follows every page of a lookup attribute", async () => {
    const events = emulator.store.events(PROD, "us-east-1");
    const expected = events.filter((e) => e.eventName === "DescribeInstances");
    expect(expected.length).toBeGreaterThan(40);
    const { stdout, code } = await cli(
      "--lookup-attributes",
      "AttributeKey=EventName,AttributeValue=DescribeInstances",
      "--page-size",
      "25",
    );
    expect(code).toBe(0);
    const all = JSON.parse(stdout) as { Events: CliEvent[] };
    expect(all.Events.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventId));
    expect(all.Events.every((e) => e.EventName === "DescribeInstances")).toBe(true);
  }, 120_000);

  it("reports two lookup attributes as InvalidLookupAttributesException", async () => {
    const result = await cli(
      "--lookup-attributes",
      "AttributeKey=EventName,AttributeValue=RunInstances",
      "AttributeKey=Username,AttributeValue=bob",
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("InvalidLookupAttributesException");
  }, 60_000);

  it("reports a start after the end as InvalidTimeRangeException", async () => {
    const result = await cli("--start-time", "2026-11-02T00:00:00Z", "--end-time", "2026-11-01T00:00:00Z");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("InvalidTimeRangeException");
  }, 60_000);

  it("reports a token reused with other parameters as InvalidNextTokenException", async () => {
    const first = JSON.parse((await cli("--page-size", "2", "--max-items", "2")).stdout) as {
      NextToken: string;
    };
    const result = await cli(
      "--page-size",
      "2",
      "--max-items",
      "2",
      "--starting-token",
      first.NextToken,
      "--lookup-attributes",
      "AttributeKey=ReadOnly,AttributeValue=false",
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("InvalidNextTokenException");
  }, 60_000);
});
