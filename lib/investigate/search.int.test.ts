import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, setSettingsForTest } from "../config";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { DEMO_STORIES, demoStory } from "@/emulator/dataset/stories";
import type { InvestigateResponse } from "./contract";
import { parseInvestigateQuery } from "./investigate-query";
import { investigate } from "./search";

/**
 * Every deletion story of the demo dataset, investigated through lib/sources/history against a real
 * emulator over HTTP, at AWS's rate of 2 LookupEvents calls per second per account and region.
 */

let emulator: RunningEmulator;
const now = new Date();

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, now });
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
});

async function run(params: Record<string, string>): Promise<InvestigateResponse> {
  const parsed = parseInvestigateQuery(new URLSearchParams(params), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return investigate(parsed.query);
}

const sourcesSearched = (r: InvestigateResponse) => r.regionsSearched.length * r.accountsSearched.length;

describe("investigate, story by story", () => {
  it.each(DEMO_STORIES.filter((s) => s.expected.status !== "unknown").map((s) => [s.id, s] as const))(
    "%s",
    async (_id, story) => {
      const result = await run({ resource: story.resourceName });
      expect(result.errors).toEqual([]);
      // TRAILSCOPE_STORE=off: every lookup live, and the answer says why.
      expect(result.store).toEqual({ status: "off", sources: [] });
      expect(result.searched.every((s) => s.storeEvents === 0 && s.calls > 0)).toBe(true);
      expect(result.verdict.status).toBe(story.expected.status);
      expect(result.timeline).toHaveLength(story.expected.eventCount ?? 0);
      for (const entry of result.timeline) {
        expect(entry.accountId).toBe(story.accountId);
        expect(entry.awsRegion).toBe(story.region);
      }
      if (story.expected.status === "deleted") {
        const deletion = result.verdict.deletion!;
        expect(deletion.eventId).toBe(story.expected.deletionEventId);
        expect(deletion.eventName).toBe(story.expected.deletionEventName);
        expect(deletion.who.display).toBe(story.expected.deleterDisplay);
        expect(deletion.awsRegion).toBe(story.region);
        expect(deletion.accountId).toBe(story.accountId);
        expect(deletion.sourceIPAddress).toBeTruthy();
      } else {
        expect(result.verdict.deletion).toBeNull();
        expect(result.verdict.lastSeen?.eventId).toBe(result.timeline[result.timeline.length - 1]?.eventId);
      }
      expect(result.failedAttempts).toHaveLength(story.expected.failedAttempts ?? 0);
      expect(result.cycles).toHaveLength(story.expected.cycles ?? 1);
      // Found by name: a handful of calls, never a scan.
      expect(result.scanned).toBe(false);
      expect(result.apiCalls).toBeLessThanOrEqual(2 * sourcesSearched(result));
    },
  );

  it("names the person behind an SSO session, the service behind invokedBy, and root as root", async () => {
    const sso = await run({ resource: demoStory("prod-ec2-sso-terminate").resourceName });
    expect(sso.verdict.deletion?.who).toMatchObject({ type: "AssumedRole", root: false });
    const asg = await run({ resource: demoStory("prod-asg-terminate").resourceName });
    expect(asg.verdict.deletion?.who.invokedBy).toBe("autoscaling.amazonaws.com");
    const root = await run({ resource: demoStory("management-root-bucket").resourceName });
    expect(root.verdict.deletion?.who).toMatchObject({ type: "Root", root: true });
    expect(root.verdict.summary).toContain("root user");
  });

  it("lists failed attempts apart, with their error codes, before the deletion", async () => {
    const story = demoStory("prod-bucket-failed-attempts");
    const result = await run({ resource: story.resourceName });
    expect(result.failedAttempts.map((a) => a.errorCode)).toEqual(["AccessDenied", "BucketNotEmpty"]);
    for (const attempt of result.failedAttempts) {
      expect(attempt.eventId).not.toBe(result.verdict.deletion?.eventId);
      expect(Date.parse(attempt.eventTime)).toBeLessThan(Date.parse(result.verdict.deletion!.eventTime));
    }
    expect(result.deletions).toHaveLength(1);
  });

  it("shows both cycles of a reused name and judges the latest", async () => {
    const result = await run({ resource: "orders" });
    expect(result.cycles).toHaveLength(2);
    expect(result.deletions).toHaveLength(2);
    expect(result.verdict.deletion?.eventId).toBe(result.cycles[1]!.deleted?.eventId);
    expect(result.cycles.every((c) => c.created && c.deleted)).toBe(true);
  });

  it("never mixes look-alike names", async () => {
    const orders = await run({ resource: "orders" });
    const archive = await run({ resource: "orders-archive" });
    const ids = new Set(orders.timeline.map((t) => t.eventId));
    expect(archive.timeline.some((t) => ids.has(t.eventId))).toBe(false);
    const short = await run({ resource: demoStory("prod-ec2-sso-terminate").resourceName });
    const long = await run({ resource: demoStory("prod-ec2-lookalike-running").resourceName });
    expect(short.verdict.status).toBe("deleted");
    expect(long.verdict.status).toBe("not-deleted");
    expect(long.timeline.some((t) => short.timeline.some((s) => s.eventId === t.eventId))).toBe(false);
  });

  it("finds a resource from its ARN (short name) and from its bare name (derived ARN)", async () => {
    const role = demoStory("management-iam-role");
    const byArn = await run({ resource: role.resourceArn! });
    expect(byArn.verdict.deletion?.eventId).toBe(role.expected.deletionEventId);
    // An IAM ARN names the account and a global service: one source, us-east-1.
    expect(byArn.regionsSearched).toEqual(["us-east-1"]);
    expect(byArn.accountsSearched).toEqual([role.accountId]);
    expect(byArn.apiCalls).toBeLessThanOrEqual(2);

    const topic = demoStory("dev-sns-topic-arn");
    const byName = await run({ resource: "build-alerts", account: topic.accountId, region: topic.region });
    expect(byName.verdict.deletion?.eventId).toBe(topic.expected.deletionEventId);
    expect(byName.resource.lookedUp).toContain(topic.resourceArn);

    const key = demoStory("prod-kms-key-resources");
    const byKeyId = await run({
      resource: key.resourceArn!.split("/").pop()!,
      account: key.accountId,
      region: key.region,
    });
    expect(byKeyId.verdict.deletion?.eventId).toBe(key.expected.deletionEventId);
  });

  it("searches a non-default region and a global resource in us-east-1 without being told", async () => {
    const rds = await run({ resource: demoStory("prod-eu-rds").resourceName });
    expect(rds.regionsSearched).toEqual(expect.arrayContaining(["us-east-1", "us-west-2", "eu-west-1"]));
    expect(rds.verdict.deletion?.awsRegion).toBe("eu-west-1");
  });

  it(
    "answers unknown for a name with no events, explains why, and says what to try",
    { timeout: 120_000 },
    async () => {
      const story = demoStory("dev-unknown-name");
      const progress: number[] = [];
      const parsed = parseInvestigateQuery(new URLSearchParams({ resource: story.resourceName }), now);
      if (!parsed.ok) throw new Error("bad query");
      const result = await investigate(parsed.query, { onProgress: (p) => progress.push(p.apiCalls) });
      expect(result.verdict.status).toBe("unknown");
      expect(result.timeline).toEqual([]);
      expect(result.scanned).toBe(true);
      const codes = result.verdict.reasons.map((r) => r.code);
      expect(codes).toContain("history-retention");
      expect(result.verdict.advice).toContain("search-archive");
      // What was searched: every lookup, the last the scan of every write event of each source.
      const noMatch = result.verdict.reasons.find((r) => r.code === "no-matching-event");
      expect(noMatch).toMatchObject({
        lookups: result.searched.length,
        apiCalls: result.apiCalls,
        scanned: true,
      });
      expect(result.searched.filter((s) => s.phase === "write-scan")).toHaveLength(sourcesSearched(result));
      expect(result.searched.every((s) => s.matched === 0)).toBe(true);
      expect(progress.length).toBeGreaterThan(sourcesSearched(result));
    },
  );
});

describe("investigate, implausible input", () => {
  it("does one exact lookup per source for a string no AWS identifier could be", async () => {
    const result = await run({ resource: "<img src=x onerror=alert(1)> orders" });
    expect(result.verdict.status).toBe("unknown");
    expect(result.scanned).toBe(false);
    expect(result.apiCalls).toBe(sourcesSearched(result));
    expect(result.verdict.reasons.map((r) => r.code)).toContain("implausible-identifier");
    expect(result.searched.map((s) => s.lookup.key)).toEqual(
      Array(sourcesSearched(result)).fill("ResourceName"),
    );
  });
});
