import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "../server";
import { ORG_TRAIL_ARN } from "./demo-trails";

let emulator: RunningEmulator;

const client = (accountId: string, region: string) =>
  new CloudTrailClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: demoAccessKeyId(accountId), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, eventCount: 500 });
});
afterAll(() => emulator?.close());

describe("the emulator's trail APIs", () => {
  it("DescribeTrails shows own trails, shadows of multi-region trails and the organization trail", async () => {
    const names = async (account: string, region: string, includeShadowTrails?: boolean) =>
      (
        (await client(account, region).send(new DescribeTrailsCommand({ includeShadowTrails }))).trailList ??
        []
      )
        .map((t) => t.Name)
        .sort();
    expect(await names("444455556666", "us-west-2")).toEqual(["org-trail", "prod-app-trail"]);
    // prod-app-trail is single-region: not seen elsewhere.
    expect(await names("444455556666", "eu-west-1")).toEqual(["org-trail"]);
    expect(await names("444455556666", "eu-west-1", false)).toEqual([]);
    expect(await names("111122223333", "us-east-1", false)).toEqual(["org-trail"]);
    const list = await client("777788889999", "eu-west-1").send(new ListTrailsCommand({}));
    expect(list.Trails?.map((t) => t.Name).sort()).toEqual(["dev-sandbox-trail", "org-trail"]);
  });

  it("GetTrail, GetTrailStatus and the selectors answer in AWS's shapes", async () => {
    const mgmt = client("111122223333", "us-east-1");
    const { Trail } = await mgmt.send(new GetTrailCommand({ Name: "org-trail" }));
    expect(Trail).toMatchObject({
      IsOrganizationTrail: true,
      LogFileValidationEnabled: true,
      IsMultiRegionTrail: true,
    });
    expect(Trail?.KmsKeyId).toMatch(/^arn:aws:kms:/);
    const status = await mgmt.send(new GetTrailStatusCommand({ Name: ORG_TRAIL_ARN }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    const selectors = await mgmt.send(new GetEventSelectorsCommand({ TrailName: "org-trail" }));
    expect(selectors.AdvancedEventSelectors?.length).toBeGreaterThan(1);
    const insights = await mgmt.send(new GetInsightSelectorsCommand({ TrailName: "org-trail" }));
    expect(insights.InsightSelectors?.map((s) => s.InsightType)).toContain("ApiCallRateInsight");

    const dev = client("777788889999", "eu-west-1");
    const devStatus = await dev.send(new GetTrailStatusCommand({ Name: "dev-sandbox-trail" }));
    expect(devStatus.LatestDeliveryError).toBe("AccessDenied");
    await expect(
      dev.send(new GetInsightSelectorsCommand({ TrailName: "dev-sandbox-trail" })),
    ).rejects.toMatchObject({
      name: "InsightNotEnabledException",
    });
    await expect(dev.send(new GetTrailCommand({ Name: "no-such-trail" }))).rejects.toMatchObject({
      name: "TrailNotFoundException",
    });
    const basic = await client("444455556666", "us-west-2").send(
      new GetEventSelectorsCommand({ TrailName: "prod-app-trail" }),
    );
    expect(basic.EventSelectors?.[0]?.DataResources?.[0]?.Type).toBe("AWS::S3::Object");
  });

  it("ListPublicKeys serves a DER key whose fingerprint is its MD5, only for ranges it covers", async () => {
    const ct = client("111122223333", "us-east-1");
    const now = Date.now();
    const { PublicKeyList = [] } = await ct.send(
      new ListPublicKeysCommand({ StartTime: new Date(now - 86_400_000), EndTime: new Date(now) }),
    );
    expect(PublicKeyList).toHaveLength(1);
    const key = PublicKeyList[0]!;
    expect(key.Fingerprint).toBe(createHash("md5").update(key.Value!).digest("hex"));
    expect(key.Value![0]).toBe(0x30); // a DER SEQUENCE
    const old = await ct.send(
      new ListPublicKeysCommand({
        StartTime: new Date(now - 400 * 86_400_000),
        EndTime: new Date(now - 300 * 86_400_000),
      }),
    );
    expect(old.PublicKeyList).toEqual([]);
  });
});
