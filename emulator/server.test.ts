import {
  CloudTrailClient,
  LookupEventsCommand,
  paginateLookupEvents,
  type LookupEventsCommandInput,
  type Event,
} from "@aws-sdk/client-cloudtrail";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "./server";
import { LOOKUP_ATTRIBUTE_KEYS, type StoredEvent } from "./store";
import { buildSyntheticStore } from "./synthetic";
import { matchesAttribute, sampleValue } from "../test/support/emulator-helpers";

const NOW = new Date("2026-11-25T12:00:00Z");
const PROD = "444455556666";
const DEV = "777788889999";

function client(emulator: RunningEmulator, accountId = PROD, region = "us-east-1", maxAttempts = 1) {
  return new CloudTrailClient({
    endpoint: emulator.url,
    region,
    maxAttempts,
    credentials: { accessKeyId: demoAccessKeyId(accountId), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
}

async function pageAll(c: CloudTrailClient, input: LookupEventsCommandInput): Promise<Event[]> {
  const out: Event[] = [];
  for await (const page of paginateLookupEvents({ client: c, pageSize: input.MaxResults ?? 50 }, input)) {
    out.push(...(page.Events ?? []));
  }
  return out;
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

describe("LookupEvents over HTTP with the AWS SDK", () => {
  let emulator: RunningEmulator;
  let events: readonly StoredEvent[];

  beforeAll(async () => {
    emulator = await startEmulator({ now: NOW, eventCount: 4000, seed: 11, rate: 100_000 });
    events = emulator.store.events(PROD, "us-east-1");
  });
  afterAll(() => emulator.close());

  it("returns the full response shape, newest first", async () => {
    const res = await client(emulator).send(new LookupEventsCommand({ MaxResults: 5 }));
    expect(res.Events).toHaveLength(5);
    expect(res.NextToken).toBeTruthy();
    expect(res.Events!.map((e) => e.EventId)).toEqual(events.slice(0, 5).map((e) => e.eventId));
    const first = res.Events![0]!;
    expect(first.EventTime).toBeInstanceOf(Date);
    expect(first.EventTime!.getTime()).toBe(events[0]!.time);
    expect(["true", "false"]).toContain(first.ReadOnly);
    const record = JSON.parse(first.CloudTrailEvent!) as Record<string, unknown>;
    expect(record.eventID).toBe(first.EventId);
    expect(record.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(typeof record.readOnly).toBe("boolean");
    expect(record.recipientAccountId).toBe(PROD);
    expect(record.awsRegion).toBe("us-east-1");
  });

  it.each(LOOKUP_ATTRIBUTE_KEYS)("looks up by %s exactly as a brute-force filter does", async (key) => {
    const sample = events.find((e, i) => i > 20 && sampleValue(e, key) !== undefined)!;
    const value = sampleValue(sample, key)!;
    const got = await pageAll(client(emulator), {
      LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
    });
    const expected = events.filter((e) => matchesAttribute(e, key, value));
    expect(got.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventId));
    expect(got.length).toBeGreaterThan(0);
  });

  it("treats StartTime and EndTime as inclusive, in whole or fractional seconds", async () => {
    const target = events[100]!;
    const at = new Date(target.time);
    const got = await pageAll(client(emulator), { StartTime: at, EndTime: at });
    expect(got.map((e) => e.EventId)).toEqual(
      events.filter((e) => e.time === target.time).map((e) => e.eventId),
    );
    const later = await pageAll(client(emulator), {
      StartTime: new Date(target.time + 500),
      EndTime: new Date(target.time + 1500),
    });
    expect(later.map((e) => e.EventId)).not.toContain(target.eventId);
  });

  it("pages through every event exactly once", async () => {
    const got = await pageAll(client(emulator), { MaxResults: 50, StartTime: new Date(0), EndTime: NOW });
    expect(got.map((e) => e.EventId)).toEqual(events.map((e) => e.eventId));
    expect(new Set(got.map((e) => e.EventId)).size).toBe(got.length);
  });

  it("serves each account and region its own events", async () => {
    const res = await client(emulator, DEV, "eu-west-1").send(new LookupEventsCommand({ MaxResults: 50 }));
    expect(res.Events!.map((e) => e.EventId)).toEqual(
      emulator.store
        .events(DEV, "eu-west-1")
        .slice(0, 50)
        .map((e) => e.eventId),
    );
    for (const e of res.Events!) {
      const record = JSON.parse(e.CloudTrailEvent!) as { recipientAccountId: string; awsRegion: string };
      expect(record).toMatchObject({ recipientAccountId: DEV, awsRegion: "eu-west-1" });
    }
  });

  it("serves Insights events only for EventCategory insight", async () => {
    const regionWithInsights = ["us-east-1", "us-west-2"].find(
      (r) => emulator.store.events(PROD, r, "insight").length,
    )!;
    const c = client(emulator, PROD, regionWithInsights);
    const got = await pageAll(c, { EventCategory: "insight" });
    expect(got.map((e) => e.EventId)).toEqual(
      emulator.store.events(PROD, regionWithInsights, "insight").map((e) => e.eventId),
    );
    const record = JSON.parse(got[0]!.CloudTrailEvent!) as { eventType: string };
    expect(record.eventType).toBe("AwsCloudTrailInsight");
    const byName = await pageAll(c, {
      EventCategory: "insight",
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: got[0]!.EventName! }],
    });
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.EventName === got[0]!.EventName)).toBe(true);
  });

  it("binds a NextToken to its query", async () => {
    const c = client(emulator);
    const first = await c.send(
      new LookupEventsCommand({
        MaxResults: 3,
        LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
      }),
    );
    expect(first.NextToken).toBeTruthy();
    const second = await c.send(
      new LookupEventsCommand({
        MaxResults: 3,
        NextToken: first.NextToken,
        LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
      }),
    );
    expect(second.Events!.map((e) => e.EventId)).toEqual(
      events
        .filter((e) => e.readOnly)
        .slice(3, 6)
        .map((e) => e.eventId),
    );
    const otherQuery = await errorOf(
      c.send(
        new LookupEventsCommand({
          NextToken: first.NextToken,
          LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
        }),
      ),
    );
    expect(otherQuery).toMatchObject({ name: "InvalidNextTokenException", status: 400 });
    const otherTime = await errorOf(
      c.send(
        new LookupEventsCommand({
          NextToken: first.NextToken,
          LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
          EndTime: NOW,
        }),
      ),
    );
    expect(otherTime.name).toBe("InvalidNextTokenException");
    const otherRegion = await errorOf(
      client(emulator, PROD, "us-west-2").send(
        new LookupEventsCommand({
          NextToken: first.NextToken,
          LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
        }),
      ),
    );
    expect(otherRegion.name).toBe("InvalidNextTokenException");
    expect((await errorOf(c.send(new LookupEventsCommand({ NextToken: "not-a-token" })))).name).toBe(
      "InvalidNextTokenException",
    );
  });

  it.each([
    [
      {
        LookupAttributes: [
          { AttributeKey: "EventName", AttributeValue: "A" },
          { AttributeKey: "Username", AttributeValue: "b" },
        ],
      },
      "InvalidLookupAttributesException",
    ],
    [
      { LookupAttributes: [{ AttributeKey: "Region", AttributeValue: "x" }] },
      "InvalidLookupAttributesException",
    ],
    [
      { LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "yes" }] },
      "InvalidLookupAttributesException",
    ],
    [
      { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "" }] },
      "InvalidLookupAttributesException",
    ],
    [
      { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "x".repeat(2001) }] },
      "InvalidLookupAttributesException",
    ],
    [
      { StartTime: new Date("2026-11-02T00:00:00Z"), EndTime: new Date("2026-11-01T00:00:00Z") },
      "InvalidTimeRangeException",
    ],
    [{ MaxResults: 0 }, "InvalidMaxResultsException"],
    [{ MaxResults: 51 }, "InvalidMaxResultsException"],
    [{ EventCategory: "management" }, "InvalidEventCategoryException"],
    [
      { EventCategory: "insight", LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "bob" }] },
      "InvalidLookupAttributesException",
    ],
  ] as [LookupEventsCommandInput, string][])("rejects %j with %s", async (input, type) => {
    const error = await errorOf(client(emulator).send(new LookupEventsCommand(input)));
    expect(error).toMatchObject({ name: type, status: 400 });
    expect(error.message.length).toBeGreaterThan(10);
  });

  async function raw(headers: Record<string, string>, body: string) {
    const res = await fetch(emulator.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as { __type: string; message: string } };
  }
  const auth = `AWS4-HMAC-SHA256 Credential=${demoAccessKeyId(PROD)}/20261125/us-east-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=00`;

  it("accepts botocore's target name and answers protocol errors as AWS does", async () => {
    const botocore = await fetch(emulator.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
        authorization: auth,
      },
      body: JSON.stringify({ MaxResults: 2, StartTime: 0, EndTime: NOW.getTime() / 1000 }),
    });
    expect(botocore.status).toBe(200);
    const json = (await botocore.json()) as { Events: { EventId: string; EventTime: number }[] };
    expect(json.Events.map((e) => e.EventId)).toEqual(events.slice(0, 2).map((e) => e.eventId));
    expect(typeof json.Events[0]!.EventTime).toBe("number");

    expect(
      await raw({ "x-amz-target": "CloudTrail_20131101.NoSuchThing", authorization: auth }, "{}"),
    ).toMatchObject({ status: 400, body: { __type: "UnknownOperationException" } });
    expect(
      await raw({ "x-amz-target": "CloudTrail_20131101.LookupEvents", authorization: auth }, "{not json"),
    ).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
    expect(await raw({ "x-amz-target": "CloudTrail_20131101.LookupEvents" }, "{}")).toMatchObject({
      status: 403,
      body: { __type: "MissingAuthenticationTokenException" },
    });
  });
});

describe("pagination over equal timestamps", () => {
  let emulator: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "trailscope-ties-"));
    const records = Array.from({ length: 137 }, (_, i) => ({
      eventVersion: "1.11",
      userIdentity: {
        type: "IAMUser",
        accountId: "123456789012",
        userName: `u${i % 3}`,
        arn: `arn:aws:iam::123456789012:user/u${i % 3}`,
      },
      eventTime: `2026-11-20T10:00:0${i % 4}Z`,
      eventSource: "ec2.amazonaws.com",
      eventName: "DescribeInstances",
      awsRegion: "us-east-1",
      eventID: `00000000-0000-4000-8000-${String((i * 7919) % 1000).padStart(12, "0")}`,
      readOnly: true,
      recipientAccountId: "123456789012",
    }));
    await writeFile(path.join(dir, "ties.json"), JSON.stringify({ Records: records }));
    emulator = await startEmulator({ dataPath: dir, rate: 100_000 });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 7, 50])("never skips or repeats an event with MaxResults %i", async (size) => {
    const got = await pageAll(client(emulator, "123456789012"), { MaxResults: size });
    const expected = emulator.store.events("123456789012", "us-east-1").map((e) => e.eventId);
    expect(expected).toHaveLength(137);
    expect(got.map((e) => e.EventId)).toEqual(expected);
  });
});

describe("throttling", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ now: NOW, eventCount: 500, seed: 3, rate: 2 });
  });
  afterAll(() => emulator.close());

  it("answers a burst beyond 2 requests/s with ThrottlingException, per account and region", async () => {
    const c = client(emulator, DEV, "us-west-2");
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => c.send(new LookupEventsCommand({ MaxResults: 1 }))),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    expect(rejected.every((r) => (r.reason as Error).name === "ThrottlingException")).toBe(true);
    expect((rejected[0]!.reason as Error).message).toBe("Rate exceeded");
    // Another region of the same account has its own bucket.
    await expect(
      client(emulator, DEV, "eu-west-1").send(new LookupEventsCommand({ MaxResults: 1 })),
    ).resolves.toBeDefined();
  });

  it("lets the SDK's retries get every request through", async () => {
    const c = client(emulator, PROD, "us-west-2", 10);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => c.send(new LookupEventsCommand({ MaxResults: 1 }))),
    );
    expect(results.every((r) => r.Events?.length === 1)).toBe(true);
  }, 30_000);
});

describe("plugins", () => {
  let emulator: RunningEmulator;
  const seen: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({
      now: NOW,
      eventCount: 300,
      rate: 1000,
      plugins: [
        {
          name: "test",
          init: async (ctx) => {
            seen.push(`init ${ctx.accounts.length} ${ctx.regions.join(",")} ${ctx.store.size} ${ctx.demo}`);
          },
          jsonOperations: {
            DescribeTrails: ({ accountId, region, body }) => ({
              trailList: [],
              accountId,
              region,
              echo: body.x,
            }),
          },
          route: (_req, res, pathname) => {
            if (pathname !== "/__test") return false;
            res.writeHead(204).end();
            return true;
          },
          intercept: ({ operation, accountId, res }) => {
            seen.push(`${operation} ${accountId}`);
            if (accountId !== DEV || operation !== "LookupEvents") return false;
            res.writeHead(503, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify({ __type: "ServiceUnavailableException", message: "injected" }));
            return true;
          },
        },
      ],
    });
  });
  afterAll(() => emulator.close());

  it("adds operations and intercepts requests without touching the dispatcher", async () => {
    expect(seen[0]).toBe("init 3 us-east-1,us-west-2,eu-west-1 318 true");
    const auth = `AWS4-HMAC-SHA256 Credential=${demoAccessKeyId(PROD)}/20261125/eu-west-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=00`;
    const res = await fetch(emulator.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "CloudTrail_20131101.DescribeTrails",
        authorization: auth,
      },
      body: JSON.stringify({ x: 1 }),
    });
    expect(await res.json()).toEqual({ trailList: [], accountId: PROD, region: "eu-west-1", echo: 1 });
    const injected = await errorOf(client(emulator, DEV).send(new LookupEventsCommand({})));
    expect(injected).toMatchObject({ name: "ServiceUnavailableException", status: 503 });
    await expect(
      client(emulator, PROD).send(new LookupEventsCommand({ MaxResults: 1 })),
    ).resolves.toBeDefined();
    expect(seen).toEqual(
      expect.arrayContaining(["DescribeTrails 444455556666", "LookupEvents 777788889999"]),
    );
    expect((await fetch(`${emulator.url}/__test`)).status).toBe(204);
    expect((await fetch(`${emulator.url}/elsewhere`)).status).toBe(404);
  });
});

describe("a prebuilt store", () => {
  it("is served as is (benchmarks build large stores with buildSyntheticStore)", async () => {
    const store = buildSyntheticStore({ count: 2000, now: NOW, seed: 4 });
    const emulator = await startEmulator({ store, rate: 1000 });
    try {
      const res = await client(emulator).send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "user-5" }],
        }),
      );
      const expected = store.events(PROD, "us-east-1").filter((e) => e.username === "user-5");
      expect(res.Events!.map((e) => e.EventId)).toEqual(expected.slice(0, 50).map((e) => e.eventId));
      const record = JSON.parse(res.Events![0]!.CloudTrailEvent!) as {
        userIdentity: { userName: string };
        eventTime: string;
      };
      expect(record.userIdentity.userName).toBe("user-5");
      expect(record.eventTime).toBe(new Date(expected[0]!.time).toISOString().replace(".000Z", "Z"));
    } finally {
      await emulator.close();
    }
  });
});
