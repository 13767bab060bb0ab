import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLogFiles } from "./log-files";
import { startEmulator, type RunningEmulator } from "./server";
import type { EventStore, StoredEvent } from "./store";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "trail-logs");
const ACCOUNT = "123456789012";
const MEMBER = "210987654321";

function byName(store: EventStore, region: string, eventName: string): StoredEvent[] {
  return store.events(ACCOUNT, region).filter((e) => e.eventName === eventName);
}

describe("TRAILSCOPE_DATA log files", () => {
  it("loads .json and .json.gz files from an S3-layout tree, skipping digests and other files", async () => {
    const { store, files, warnings } = await loadLogFiles(FIXTURES);
    expect(files).toBe(5);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^skipped digest file .*CloudTrail-Digest/),
        expect.stringMatching(/^skipped README\.txt/),
      ]),
    );
    expect(store.accounts()).toEqual([ACCOUNT, MEMBER]);
    expect(store.regions(ACCOUNT)).toEqual(["eu-west-1", "us-east-1"]);
    // The duplicated delivery of three records does not duplicate events.
    expect(store.events(ACCOUNT, "us-east-1")).toHaveLength(14);
    expect(store.events(MEMBER, "us-east-1").map((e) => e.eventName)).toEqual(["CreateBucket"]);
    const insights = store.events(ACCOUNT, "eu-west-1", "insight");
    expect(insights.map((e) => [e.eventName, e.eventSource])).toEqual([
      ["RunInstances", "ec2.amazonaws.com"],
    ]);
  });

  it("loads a single file", async () => {
    const file = path.join(
      FIXTURES,
      `AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/21/${ACCOUNT}_CloudTrail_eu-west-1_20261121T0805Z_Fx7h8i9j0k1l2m3n4.json`,
    );
    const { store, files } = await loadLogFiles(file);
    expect(files).toBe(1);
    expect(store.events(ACCOUNT, "eu-west-1")).toHaveLength(6);
  });

  it("derives Username and Resources as Event history does", async () => {
    const { store } = await loadLogFiles(FIXTURES);
    const resources = (region: string, name: string) => byName(store, region, name)[0]!.resources;
    expect(byName(store, "us-east-1", "RunInstances")[0]!.username).toBe("bob");
    expect(
      byName(store, "us-east-1", "TerminateInstances")
        .map((e) => e.username)
        .sort(),
    ).toEqual(["AutoScaling", "carol@example.com"]);
    expect(byName(store, "us-east-1", "ConsoleLogin")[0]!.username).toBe("root");

    expect(resources("us-east-1", "RunInstances")).toContainEqual({
      type: "AWS::EC2::Instance",
      name: "i-0fixture00000000a1",
    });
    expect(byName(store, "us-east-1", "DeleteBucket")[0]!.resources).toEqual([
      { type: "AWS::S3::Bucket", name: "fixture-reports-bucket" },
    ]);
    expect(resources("us-east-1", "DeleteRole")).toEqual([
      { type: "AWS::IAM::Role", name: "fixture-legacy-role" },
    ]);
    expect(resources("us-east-1", "CreateAccessKey")).toEqual([
      { type: "AWS::IAM::User", name: "svc-fixture" },
      { type: "AWS::IAM::AccessKey", name: "AKIAFIXTURE000000001" },
    ]);
    expect(resources("us-east-1", "DeletePolicy")).toEqual([
      { type: "AWS::IAM::Policy", name: `arn:aws:iam::${ACCOUNT}:policy/fixture-policy` },
    ]);
    // A record's own resources[] wins over its parameters.
    expect(resources("us-east-1", "ScheduleKeyDeletion")).toEqual([
      {
        type: "AWS::KMS::Key",
        name: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    ]);
    expect(resources("us-east-1", "AssumeRole")).toEqual([
      { type: "AWS::IAM::Role", name: `arn:aws:iam::${ACCOUNT}:role/TerraformApply` },
    ]);
    expect(resources("us-east-1", "DeleteFunction20150331")).toEqual([
      { type: "AWS::Lambda::Function", name: "fixture-orders" },
    ]);
    expect(resources("us-east-1", "DeleteQueue")).toEqual([
      { type: "AWS::SQS::Queue", name: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/fixture-jobs` },
    ]);
    expect(resources("eu-west-1", "DeleteDBInstance")).toEqual([
      { type: "AWS::RDS::DBInstance", name: "fixture-db" },
    ]);
    expect(resources("eu-west-1", "DeleteTable")).toEqual([
      { type: "AWS::DynamoDB::Table", name: "fixture-sessions" },
    ]);
    expect(resources("eu-west-1", "DeleteTopic")).toEqual([
      { type: "AWS::SNS::Topic", name: `arn:aws:sns:eu-west-1:${ACCOUNT}:fixture-alerts` },
    ]);
    expect(resources("eu-west-1", "DeleteStack")).toEqual([
      { type: "AWS::CloudFormation::Stack", name: "fixture-network" },
    ]);
    expect(resources("eu-west-1", "AuthorizeSecurityGroupIngress")).toEqual([
      { type: "AWS::EC2::SecurityGroup", name: "sg-0fixture000000001" },
    ]);
    expect(resources("eu-west-1", "CreateSnapshot")).toEqual([
      { type: "AWS::EC2::Volume", name: "vol-0fixture000000001" },
      { type: "AWS::EC2::Snapshot", name: "snap-0fixture00000001" },
    ]);
    expect(resources("us-east-1", "DescribeInstances")).toEqual([]);
  });

  describe("served over HTTP", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ dataPath: FIXTURES, rate: 1000 });
    });
    afterAll(() => emulator.close());

    const client = (accessKeyId: string, region: string) =>
      new CloudTrailClient({
        endpoint: emulator.url,
        region,
        credentials: { accessKeyId, secretAccessKey: "x" },
      });

    it("answers any key with the files' first account, and each account's own key with that account", async () => {
      const res = await client("AKIAIOSFODNN7EXAMPLE", "us-east-1").send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "fixture-reports-bucket" }],
        }),
      );
      expect(res.Events!.map((e) => [e.EventName, e.Username])).toEqual([
        ["DeleteBucket", "carol@example.com"],
        ["DeleteBucket", "carol@example.com"],
      ]);
      // Old files are served whatever their age: there is no 90-day cut-off for log files.
      expect(res.Events![0]!.EventTime!.toISOString()).toBe("2026-11-20T10:04:30.000Z");
      const member = await client(`AKIA${MEMBER}DEMO`, "us-east-1").send(new LookupEventsCommand({}));
      expect(member.Events!.map((e) => e.EventName)).toEqual(["CreateBucket"]);
      expect(emulator.describe()).toContain("5 log file(s)");
    });
  });
});

describe("log files as found in the field", () => {
  const OWNER = "555566667777";
  let dir: string;
  let emulator: RunningEmulator;
  const old = {
    eventVersion: "1.02",
    // A caller of another account; the record names no recipient account.
    userIdentity: { type: "AWSAccount", principalId: "AIDAEXAMPLECALLER", accountId: "111122223333" },
    eventTime: "2026-11-20T08:00:00Z",
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    awsRegion: "us-east-1",
    eventID: "6a1f0c2e-0000-4000-8000-000000000001",
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "trailscope-field-logs-"));
    const folder = path.join(dir, "AWSLogs", OWNER, "CloudTrail", "us-east-1", "2026", "11", "20");
    await mkdir(folder, { recursive: true });
    const records = [old, { ...old, eventID: undefined }, { ...old, eventTime: "yesterday" }, 42, null];
    await writeFile(path.join(folder, "a.json"), JSON.stringify({ Records: records }));
    await writeFile(path.join(folder, "b.json"), "{ not json");
    emulator = await startEmulator({ dataPath: dir, rate: 1000 });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the account of a record without recipientAccountId from its folder, and counts what it cannot serve", async () => {
    const loaded = await loadLogFiles(dir);
    expect(loaded.store.accounts()).toEqual([OWNER]);
    expect(loaded.store.events(OWNER, "us-east-1").map((e) => e.eventId)).toEqual([old.eventID]);
    expect(loaded).toMatchObject({ files: 1, unusableRecords: 4, unreadableFiles: 1 });
    expect(emulator.describe()).toContain("not served: 4 unusable record(s), 1 unreadable file(s)");
  });

  it("answers a demo key of an account it does not hold as that account, with no events", async () => {
    const stranger = "999988887777";
    const sts = new STSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: `AKIA${stranger}DEMO`, secretAccessKey: "x" },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(stranger);
    const history = await new CloudTrailClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: `AKIA${stranger}DEMO`, secretAccessKey: "x" },
    }).send(new LookupEventsCommand({}));
    expect(history.Events).toEqual([]);
    expect(history.NextToken).toBeUndefined();
  });
});
