import { describe, expect, it } from "vitest";
import { normalizeRecord } from "@/lib/events/normalize";
import { buildLifecycle, type LifecycleContext, type MatchedEvent } from "./lifecycle";
import { matchEvent } from "./resource-match";
import { parseResourceId } from "./resource-id";

const ACCOUNT = "444455556666";
let sequence = 0;

const sso = (email: string) => ({
  type: "AssumedRole",
  principalId: `AROAEXAMPLE:${email}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/${email}`,
  accountId: ACCOUNT,
  accessKeyId: "ASIAEXAMPLE",
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef`,
      accountId: ACCOUNT,
      userName: "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
    },
    attributes: { creationDate: "2026-11-01T09:00:00Z", mfaAuthenticated: "false" },
  },
});
const root = { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };

function record(
  eventTime: string,
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  sequence++;
  return normalizeRecord({
    eventVersion: "1.09",
    userIdentity: sso("alice@example.com"),
    eventTime,
    eventSource,
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.17.0 Python/3.11.9 Linux/6.1 exe/x86_64",
    requestParameters,
    responseElements: null,
    requestID: `req-${sequence}`,
    eventID: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    ...extra,
  });
}

function matchAll(resource: string, events: ReturnType<typeof record>[]): MatchedEvent[] {
  const id = parseResourceId(resource);
  return events.flatMap((event) => {
    const match = matchEvent(event, id);
    return match ? [{ event, match }] : [];
  });
}

const ctx: LifecycleContext = {
  source: "history",
  effort: { lookups: 4, apiCalls: 5, eventsRead: 120, scanned: true },
  window: { start: new Date("2026-08-27T00:00:00Z"), end: new Date("2026-11-25T00:00:00Z") },
  regionsSearched: ["us-east-1", "us-west-2"],
  regionsNotSearched: [],
  errors: [],
  historyStart: new Date("2026-08-27T00:00:00Z"),
};

describe("buildLifecycle", () => {
  it("shows every cycle of a reused name, keeps failed attempts apart and judges the latest cycle", () => {
    const bucket = { bucketName: "reports", Host: "reports.s3.amazonaws.com" };
    const events = [
      record("2026-09-01T10:00:00Z", "s3.amazonaws.com", "CreateBucket", bucket),
      record("2026-09-02T10:00:00Z", "s3.amazonaws.com", "DeleteBucket", bucket, { userIdentity: root }),
      record("2026-10-01T10:00:00Z", "s3.amazonaws.com", "CreateBucket", bucket),
      record("2026-10-05T10:00:00Z", "s3.amazonaws.com", "DeleteBucketPolicy", bucket),
      record("2026-10-06T10:00:00Z", "s3.amazonaws.com", "DeleteBucket", bucket, {
        errorCode: "BucketNotEmpty",
        errorMessage: "The bucket you tried to delete is not empty",
      }),
      record("2026-10-07T10:00:00Z", "s3.amazonaws.com", "DeleteBucket", bucket),
      record("2026-10-07T11:00:00Z", "s3.amazonaws.com", "CreateBucket", { bucketName: "reports-archive" }),
    ];
    const life = buildLifecycle(parseResourceId("reports"), matchAll("reports", events), ctx);
    expect(life.timeline.map((t) => [t.eventName, t.kind, t.cycle])).toEqual([
      ["CreateBucket", "created", 0],
      ["DeleteBucket", "deleted", 0],
      ["CreateBucket", "created", 1],
      ["DeleteBucketPolicy", "modified", 1],
      ["DeleteBucket", "deleted", 1],
      ["DeleteBucket", "deleted", 1],
    ]);
    expect(life.cycles).toHaveLength(2);
    expect(life.cycles[0]!.deleted?.who.root).toBe(true);
    expect(life.deletions.map((d) => d.eventTime)).toEqual(["2026-09-02T10:00:00Z", "2026-10-07T10:00:00Z"]);
    expect(life.failedAttempts).toEqual([
      expect.objectContaining({ errorCode: "BucketNotEmpty", eventTime: "2026-10-06T10:00:00Z" }),
    ]);
    expect(life.verdict.status).toBe("deleted");
    expect(life.verdict.deletion).toMatchObject({
      eventTime: "2026-10-07T10:00:00Z",
      eventName: "DeleteBucket",
      awsRegion: "us-east-1",
      accountId: ACCOUNT,
      sourceIPAddress: "198.51.100.7",
      client: "cli",
      who: { type: "AssumedRole", root: false },
    });
    expect(life.verdict.deletion?.who.display).toContain("alice@example.com");
    expect(life.verdict.summary).toContain("used 2 times");
  });

  it("is not-deleted when the name was created again after the deletion", () => {
    const events = [
      record("2026-09-01T10:00:00Z", "dynamodb.amazonaws.com", "CreateTable", { tableName: "orders" }),
      record("2026-09-03T10:00:00Z", "dynamodb.amazonaws.com", "DeleteTable", { tableName: "orders" }),
      record("2026-09-04T10:00:00Z", "dynamodb.amazonaws.com", "CreateTable", { tableName: "orders" }),
    ];
    const life = buildLifecycle(parseResourceId("orders"), matchAll("orders", events), ctx);
    expect(life.verdict.status).toBe("not-deleted");
    expect(life.verdict.lastSeen?.eventTime).toBe("2026-09-04T10:00:00Z");
    expect(life.deletions).toHaveLength(1);
  });

  it("does not take the deletion of a child (an access key) for the deletion of the user", () => {
    const events = [
      record("2026-09-01T10:00:00Z", "iam.amazonaws.com", "CreateUser", { userName: "carol" }),
      record("2026-09-02T10:00:00Z", "iam.amazonaws.com", "DeleteAccessKey", {
        userName: "carol",
        accessKeyId: "AKIAEXAMPLE0000001",
      }),
    ];
    const life = buildLifecycle(parseResourceId("carol"), matchAll("carol", events), ctx);
    expect(life.timeline.map((t) => t.kind)).toEqual(["created", "modified"]);
    expect(life.verdict.status).toBe("not-deleted");
  });

  it("never counts a failed attempt as the deletion", () => {
    const events = [
      record(
        "2026-09-02T10:00:00Z",
        "iam.amazonaws.com",
        "DeleteRole",
        { roleName: "deploy" },
        {
          errorCode: "AccessDenied",
          errorMessage: "not authorized",
        },
      ),
    ];
    const life = buildLifecycle(parseResourceId("deploy"), matchAll("deploy", events), ctx);
    expect(life.verdict.status).toBe("not-deleted");
    expect(life.deletions).toEqual([]);
    expect(life.failedAttempts).toHaveLength(1);
  });

  it("explains an unknown answer and what to try, as data", () => {
    const life = buildLifecycle(parseResourceId("ghost"), [], { ...ctx, regionsNotSearched: ["eu-west-1"] });
    expect(life.verdict.status).toBe("unknown");
    expect(life.verdict.reasons).toEqual([
      {
        code: "no-matching-event",
        window: { start: ctx.window.start.toISOString(), end: ctx.window.end.toISOString() },
        regions: ctx.regionsSearched,
        ...ctx.effort,
      },
      { code: "history-retention", historyStart: ctx.historyStart.toISOString() },
      { code: "data-events-not-in-history", objectDeletion: false },
      { code: "regions-not-searched", regions: ["eu-west-1"] },
    ]);
    expect(life.verdict.advice).toEqual(["widen-places", "search-archive", "check-spelling"]);
  });

  it("chooses the archive's own advice: no Event history limits, no archive to search", () => {
    const life = buildLifecycle(parseResourceId("arn:aws:s3:::b/k.csv"), [], { ...ctx, source: "archive" });
    expect(life.verdict.reasons.map((r) => r.code)).toEqual(["no-matching-event"]);
    expect(life.verdict.advice).toEqual(["check-spelling"]);
  });

  it("names the failing region in a partial answer", () => {
    const life = buildLifecycle(parseResourceId("ghost"), [], {
      ...ctx,
      errors: [
        {
          accountId: ACCOUNT,
          accountName: "prod",
          region: "eu-west-1",
          code: "ThrottlingException",
          message: "Rate exceeded",
          hint: "",
        },
      ],
    });
    expect(life.verdict.reasons[0]).toEqual({
      code: "search-failed",
      places: [{ accountId: ACCOUNT, accountName: "prod", region: "eu-west-1" }],
    });
    expect(life.verdict.advice[0]).toBe("retry-failed-places");
  });
});

describe("buildLifecycle across places", () => {
  it("says when a name is used in several regions", () => {
    const events = [
      record("2026-09-01T10:00:00Z", "sqs.amazonaws.com", "CreateQueue", { queueName: "jobs" }),
      record(
        "2026-09-02T10:00:00Z",
        "sqs.amazonaws.com",
        "CreateQueue",
        { queueName: "jobs" },
        { awsRegion: "eu-west-1" },
      ),
    ];
    const life = buildLifecycle(parseResourceId("jobs"), matchAll("jobs", events), ctx);
    expect(life.verdict.reasons).toContainEqual({
      code: "name-in-several-places",
      places: [
        { accountId: ACCOUNT, region: "us-east-1" },
        { accountId: ACCOUNT, region: "eu-west-1" },
      ],
    });
  });
});
