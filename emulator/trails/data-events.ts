import { createHash } from "node:crypto";
import { Prng } from "../dataset/prng";
import type { CloudTrailRecord } from "../record";

/**
 * Data events that only a trail records (S3 object calls, Lambda Invoke): Event history never shows
 * them. Generated per (account, region, hour) from a seed of those three, so every restart produces
 * the same records for the same hour.
 */

const BUCKETS: Record<string, string[]> = {
  "111122223333": ["org-shared-artifacts"],
  "444455556666": ["prod-customer-exports", "prod-app-assets"],
  "777788889999": ["dev-scratch"],
};
const FUNCTIONS = ["order-processor", "thumbnail-resizer", "nightly-report"];
const USERS = ["alice", "bob", "deploy-bot"];

function seedOf(...parts: (string | number)[]): number {
  return createHash("sha256").update(parts.join("|")).digest().readUInt32BE(0);
}

function eventId(prng: Prng): string {
  const hex = Array.from({ length: 32 }, () => prng.int(0, 15).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function dataEventsForHour(
  accountId: string,
  region: string,
  hourStartMs: number,
): CloudTrailRecord[] {
  const prng = new Prng(seedOf(accountId, region, hourStartMs / 3_600_000));
  const count = prng.weighted([
    [0, 3],
    [1, 3],
    [2, 2],
    [4, 1],
  ] as const);
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(hourStartMs + prng.int(0, 3_599) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const user = prng.pick(USERS);
    const userIdentity = {
      type: "AssumedRole",
      principalId: `AROAEXAMPLEDATA${prng.int(100, 999)}:${user}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/AppRole/${user}`,
      accountId,
      accessKeyId: `ASIAEXAMPLE${prng.int(100000, 999999)}`,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLEDATA",
          arn: `arn:aws:iam::${accountId}:role/AppRole`,
          accountId,
          userName: "AppRole",
        },
        attributes: { creationDate: time, mfaAuthenticated: "false" },
      },
    };
    const common = {
      eventVersion: "1.10",
      userIdentity,
      eventTime: time,
      awsRegion: region,
      sourceIPAddress: `198.51.100.${prng.int(1, 254)}`,
      requestID: eventId(prng).replaceAll("-", "").slice(0, 16).toUpperCase(),
      eventID: eventId(prng),
      eventType: "AwsApiCall",
      managementEvent: false,
      recipientAccountId: accountId,
      eventCategory: "Data",
    };
    if (prng.chance(0.7)) {
      const bucket = prng.pick(BUCKETS[accountId] ?? ["demo-bucket"]);
      const key = `exports/${prng.pick(["2026", "archive", "tmp"])}/report-${prng.int(1, 400)}.csv`;
      const eventName = prng.weighted([
        ["GetObject", 5],
        ["PutObject", 3],
        ["DeleteObject", 2],
      ] as const);
      records.push({
        ...common,
        eventSource: "s3.amazonaws.com",
        eventName,
        userAgent: "[aws-sdk-js/3.700.0]",
        readOnly: eventName === "GetObject",
        requestParameters: { bucketName: bucket, key, Host: `${bucket}.s3.${region}.amazonaws.com` },
        responseElements: null,
        resources: [
          { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` },
          { accountId, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
        ],
      });
    } else {
      const fn = prng.pick(FUNCTIONS);
      const arn = `arn:aws:lambda:${region}:${accountId}:function:${fn}`;
      records.push({
        ...common,
        eventSource: "lambda.amazonaws.com",
        eventName: "Invoke",
        userAgent: "aws-internal/3",
        readOnly: false,
        requestParameters: { functionName: arn, invocationType: "Event" },
        responseElements: null,
        resources: [{ accountId, type: "AWS::Lambda::Function", ARN: arn }],
      });
    }
  }
  return records;
}
