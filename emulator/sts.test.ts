import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../lib/demo/accounts";
import { startEmulator, type RunningEmulator } from "./server";

const MANAGEMENT = "111122223333";
const PROD = "444455556666";
const DEV = "777788889999";

describe("STS on the emulator, through @aws-sdk/client-sts", () => {
  let emulator: RunningEmulator;
  let sts: STSClient;

  beforeAll(async () => {
    emulator = await startEmulator({ now: new Date("2026-11-25T12:00:00Z"), eventCount: 600, rate: 1000 });
    sts = new STSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: demoAccessKeyId(MANAGEMENT), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
    });
  });
  afterAll(() => emulator.close());

  it("answers GetCallerIdentity with the access key's account", async () => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(MANAGEMENT);
    expect(me.Arn).toBe(`arn:aws:iam::${MANAGEMENT}:user/trailscope-demo`);
  });

  it("assumes a demo role and the temporary credentials read that account's events", async () => {
    const res = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${PROD}:role/TrailscopeReadOnly`,
        RoleSessionName: "trailscope",
      }),
    );
    expect(res.Credentials?.AccessKeyId).toBe(demoAccessKeyId(PROD, true));
    expect(res.Credentials?.SessionToken).toBeTruthy();
    expect(res.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(res.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/TrailscopeReadOnly/trailscope`);

    const cloudtrail = new CloudTrailClient({
      endpoint: emulator.url,
      region: "us-west-2",
      credentials: {
        accessKeyId: res.Credentials!.AccessKeyId!,
        secretAccessKey: res.Credentials!.SecretAccessKey!,
        sessionToken: res.Credentials!.SessionToken!,
      },
    });
    const page = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 3 }));
    expect(page.Events!.map((e) => e.EventId)).toEqual(
      emulator.store
        .events(PROD, "us-west-2")
        .slice(0, 3)
        .map((e) => e.eventId),
    );
    const who = await new STSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: cloudtrail.config.credentials,
    }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(PROD);
  });

  it("requires the dev role's external ID", async () => {
    const roleArn = `arn:aws:iam::${DEV}:role/TrailscopeReadOnly`;
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ts" })),
    ).rejects.toMatchObject({
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ts", ExternalId: "wrong" })),
    ).rejects.toMatchObject({ name: "AccessDenied" });
    const ok = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ts", ExternalId: "trailscope-demo" }),
    );
    expect(ok.Credentials?.AccessKeyId).toBe(demoAccessKeyId(DEV, true));
  });

  it("denies roles outside the demo accounts with STS's error message", async () => {
    const error = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: "arn:aws:iam::999999999999:role/TrailscopeReadOnly",
          RoleSessionName: "ts",
        }),
      )
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "AccessDenied" });
    expect((error as Error).message).toContain("is not authorized to perform: sts:AssumeRole");
  });
});
