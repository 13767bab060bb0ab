import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../lib/demo/accounts";
import { generateDataset } from "./generate";
import { DEMO_STORIES, HOSTILE_EVENTS, HOSTILE_MARKER } from "./stories";
import type { CloudTrailRecord } from "../record";
import type { EventStore } from "../store";

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;

function serialize(store: EventStore): string {
  return JSON.stringify([...store.entries()].map((e) => [e.accountId, e.region, e.category, e.event]));
}

function lookupAll(store: EventStore, accountId: string, region: string, name: string) {
  return store.lookup({
    accountId,
    region,
    category: "management",
    attribute: { key: "ResourceName", value: name },
    startMs: NOW.getTime() - 90 * DAY,
    endMs: NOW.getTime(),
    limit: 1000,
  }).events;
}

describe("the demo dataset", () => {
  const { store } = generateDataset({ now: NOW, eventCount: 20_000, seed: 5 });
  const records = [...store.entries()].filter((e) => e.category === "management").map((e) => e.event.record!);

  it("is deterministic for a seed and an anchor time", () => {
    const again = generateDataset({ now: NOW, eventCount: 3000, seed: 9 }).store;
    expect(serialize(again)).toBe(serialize(generateDataset({ now: NOW, eventCount: 3000, seed: 9 }).store));
    expect(serialize(again)).not.toBe(
      serialize(generateDataset({ now: NOW, eventCount: 3000, seed: 10 }).store),
    );
  });

  it("has the requested size, 90 days, three accounts and three regions", () => {
    expect(records).toHaveLength(20_000);
    expect(store.accounts()).toEqual(DEMO_ACCOUNTS.map((a) => a.id).sort());
    for (const account of store.accounts())
      expect(store.regions(account)).toEqual(["eu-west-1", "us-east-1", "us-west-2"]);
    const times = records.map((r) => Date.parse(r.eventTime));
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime() - 90 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
  });

  it("is about 70% read-only with a few percent errors, from varied principals and clients", () => {
    const readOnly = records.filter((r) => r.readOnly).length / records.length;
    const errors = records.filter((r) => r.errorCode).length / records.length;
    expect(readOnly).toBeGreaterThan(0.65);
    expect(readOnly).toBeLessThan(0.75);
    expect(errors).toBeGreaterThan(0.01);
    expect(errors).toBeLessThan(0.06);
    const types = new Set(records.map((r) => r.userIdentity?.type));
    expect([...types]).toEqual(expect.arrayContaining(["IAMUser", "AssumedRole", "Root"]));
    expect(records.some((r) => r.userIdentity?.invokedBy === "autoscaling.amazonaws.com")).toBe(true);
    expect(records.some((r) => r.userIdentity?.invokedBy === "cloudformation.amazonaws.com")).toBe(true);
    expect(records.some((r) => r.userIdentity?.arn?.includes("AWSReservedSSO_AdministratorAccess_"))).toBe(
      true,
    );
    const agents = records.map((r) => r.userAgent ?? "");
    for (const prefix of ["aws-cli/2.", "Boto3/", "aws-sdk-js/3.", "AWS Internal", "Mozilla/5.0"]) {
      expect(agents.some((a) => a.startsWith(prefix))).toBe(true);
    }
    expect(agents.some((a) => a.includes("Terraform/1."))).toBe(true);
    const crossAccount = records.filter(
      (r) => r.userIdentity?.accountId && r.userIdentity.accountId !== r.recipientAccountId,
    );
    expect(crossAccount.length).toBeGreaterThan(0);
    expect(crossAccount.every((r) => r.sharedEventID)).toBe(true);
    expect(records.some((r) => r.userIdentity?.type === "Root" && r.eventName === "ConsoleLogin")).toBe(true);
    expect(records.some((r) => r.userIdentity?.sessionContext?.attributes?.mfaAuthenticated === "true")).toBe(
      true,
    );
    for (const eventType of ["AwsApiCall", "AwsConsoleSignIn", "AwsServiceEvent"]) {
      expect(records.some((r) => r.eventType === eventType)).toBe(true);
    }
  });

  it("records global services only in us-east-1", () => {
    const global = [
      "iam.amazonaws.com",
      "signin.amazonaws.com",
      "cloudfront.amazonaws.com",
      "route53.amazonaws.com",
    ];
    const misplaced = records.filter(
      (r) => global.includes(r.eventSource ?? "") && r.awsRegion !== "us-east-1",
    );
    expect(misplaced).toEqual([]);
    expect(records.some((r) => r.eventSource === "sts.amazonaws.com" && r.awsRegion !== "us-east-1")).toBe(
      true,
    );
  });

  it("gives resources lifecycles across the common services", () => {
    const names = new Set(records.filter((r) => !r.errorCode).map((r) => r.eventName));
    for (const name of [
      "RunInstances",
      "TerminateInstances",
      "CreateVolume",
      "DeleteVolume",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
      "CreateSnapshot",
      "DeleteSnapshot",
      "CreateBucket",
      "PutBucketPolicy",
      "DeleteBucket",
      "CreateUser",
      "DeleteUser",
      "CreateRole",
      "DeleteRole",
      "CreateAccessKey",
      "DeleteAccessKey",
      "CreateFunction20150331",
      "DeleteFunction20150331",
      "CreateDBInstance",
      "DeleteDBInstance",
      "CreateTable",
      "DeleteTable",
      "CreateKey",
      "ScheduleKeyDeletion",
      "CreateTopic",
      "DeleteTopic",
      "CreateQueue",
      "DeleteQueue",
      "CreateStack",
      "DeleteStack",
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it("has Insights events in every account", () => {
    for (const { id } of DEMO_ACCOUNTS) {
      const insights = store.regions(id).flatMap((r) => store.events(id, r, "insight"));
      expect(insights.length).toBeGreaterThanOrEqual(2);
      expect((insights[0]!.record as CloudTrailRecord).eventType).toBe("AwsCloudTrailInsight");
    }
  });

  describe.each(DEMO_STORIES.map((s) => [s.id, s] as const))("story %s", (_id, story) => {
    it("is findable by a ResourceName lookup and matches its expected verdict", () => {
      const found = lookupAll(store, story.accountId, story.region, story.resourceName);
      expect(found).toHaveLength(story.expected.eventCount ?? found.length);
      const { expected } = story;
      if (expected.status === "unknown") {
        for (const { id } of DEMO_ACCOUNTS)
          for (const r of store.regions(id)) expect(lookupAll(store, id, r, story.resourceName)).toEqual([]);
        return;
      }
      const deletions = found.filter(
        (e) => e.eventName === expected.deletionEventName && !e.record?.errorCode,
      );
      if (expected.status === "not-deleted") {
        expect(
          found.some(
            (e) => /^(Delete|Terminate|ScheduleKeyDeletion)/.test(e.eventName) && !e.record?.errorCode,
          ),
        ).toBe(false);
        return;
      }
      expect(deletions.length).toBe(expected.cycles ?? 1);
      const last = deletions[0]!;
      expect(last.eventId).toBe(expected.deletionEventId);
      const failed = found.filter((e) => e.eventName === expected.deletionEventName && e.record?.errorCode);
      expect(failed.length).toBe(expected.failedAttempts ?? 0);
      const identity = last.record!.userIdentity!;
      const display = expected.deleterDisplay!;
      if (display === "root") expect(identity.type).toBe("Root");
      else if (display.endsWith(".amazonaws.com")) expect(identity.invokedBy).toBe(display);
      else if (display.includes(" via AWSReservedSSO_")) {
        const [email, role] = display.split(" via ");
        expect(identity.arn).toContain(`/${role}_`);
        expect(identity.arn?.endsWith(`/${email}`)).toBe(true);
      } else expect(identity).toMatchObject({ type: "IAMUser", userName: display });
    });
  });

  it("does not confuse look-alike names", () => {
    const running = lookupAll(store, "444455556666", "us-east-1", "i-0abc12345678d9ef0");
    const terminated = lookupAll(store, "444455556666", "us-east-1", "i-0abc1234");
    expect(running.map((e) => e.eventId)).not.toContain(terminated[0]!.eventId);
    const archive = lookupAll(store, "777788889999", "us-east-1", "orders-archive");
    expect(archive.every((e) => e.eventName !== "DeleteFunction20150331")).toBe(true);
  });

  it("contains the hostile records the security tests rely on", () => {
    for (const hostile of HOSTILE_EVENTS) {
      const [event] = store.lookup({
        accountId: hostile.accountId,
        region: hostile.region,
        category: "management",
        attribute: { key: "EventId", value: hostile.eventId },
        startMs: 0,
        endMs: NOW.getTime(),
        limit: 1,
      }).events;
      expect(event?.eventName).toBe(hostile.eventName);
      expect(event?.readOnly).toBe(false);
      const text = JSON.stringify(event!.record);
      for (const payload of hostile.payloads) expect(text).toContain(JSON.stringify(payload).slice(1, -1));
    }
    expect(HOSTILE_EVENTS.some((h) => h.payloads.some((p) => p.includes(HOSTILE_MARKER)))).toBe(true);
  });
});
