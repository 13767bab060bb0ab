import { describe, expect, it } from "vitest";
import { normalizeRecord } from "../events/normalize";
import { parseEventQuery, type EventQuery } from "./event-query";
import { ipMatches, matchesQuery, parseIpFilter } from "./matcher";

const now = new Date("2026-11-25T12:00:00Z");
function query(params: Record<string, string>): EventQuery {
  const parsed = parseEventQuery(new URLSearchParams({ readOnly: "all", ...params }), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

const event = normalizeRecord(
  {
    eventID: "e-1",
    eventTime: "2026-11-25T10:00:00Z",
    eventSource: "s3.amazonaws.com",
    eventName: "DeleteBucket",
    awsRegion: "eu-west-1",
    recipientAccountId: "444455556666",
    readOnly: false,
    sourceIPAddress: "2001:db8:85a3::8a2e:370:7334",
    userAgent: "aws-cli/2.18.4",
    errorCode: "AccessDenied",
    errorMessage: "Access Denied",
    userIdentity: {
      type: "IAMUser",
      userName: "alice",
      accessKeyId: "AKIAALICE",
      arn: "arn:aws:iam::444455556666:user/alice",
    },
    requestParameters: { bucketName: "Quarterly-Reports" },
  },
  { resources: [{ type: "AWS::S3::Bucket", name: "quarterly-reports" }] },
);

describe("matchesQuery", () => {
  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ eventId: "e-1" }, true],
    [{ eventId: "e-2" }, false],
    [{ accessKeyId: "AKIAALICE" }, true],
    [{ resourceName: "quarterly-reports" }, true],
    [{ resourceName: "Quarterly-Reports" }, false],
    [{ resourceType: "AWS::S3::Bucket" }, true],
    [{ resourceType: "AWS::S3::Object" }, false],
    [{ username: "alice" }, true],
    [{ username: "Alice" }, false],
    [{ eventName: "DeleteBucket" }, true],
    [{ eventSource: "ec2.amazonaws.com" }, false],
    [{ readOnly: "false" }, true],
    [{ readOnly: "true" }, false],
    [{ region: "us-east-1,eu-west-1" }, true],
    [{ region: "us-east-1" }, false],
    [{ account: "444455556666" }, true],
    [{ account: "111122223333" }, false],
    [{ errors: "only" }, true],
    [{ errors: "exclude" }, false],
    [{ errorCode: "accessdenied" }, true],
    [{ errorCode: "Throttling" }, false],
    [{ sourceIp: "2001:db8::/32" }, true],
    [{ sourceIp: "2001:db9::/32" }, false],
    [{ sourceIp: "2001:db8:85a3:0:0:8a2e:370:7334" }, true],
    [{ sourceIp: "10.0.0.0/8" }, false],
    [{ client: "cli,sdk" }, true],
    [{ client: "console" }, false],
    [{ identityType: "IAMUser,Root" }, true],
    [{ identityType: "AssumedRole" }, false],
    [{ q: "QUARTERLY" }, true],
    [{ q: "denied" }, true],
    [{ q: "nothing-like-this" }, false],
  ])("%j → %s", (params, expected) => {
    expect(matchesQuery(event, query(params))).toBe(expected);
  });

  it("skips the filters named as already applied", () => {
    expect(
      matchesQuery(event, query({ region: "us-east-1", eventName: "X" }), new Set(["region", "eventName"])),
    ).toBe(true);
  });
});

describe("source IP filters", () => {
  it.each<[string, string, boolean]>([
    ["203.0.113.0/24", "203.0.113.77", true],
    ["203.0.113.0/24", "203.0.114.1", false],
    ["203.0.113.5", "203.0.113.5", true],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["203.0.113.0/24", "::ffff:203.0.113.9", true],
    ["::ffff:0:0/96", "198.51.100.1", true],
    ["2001:db8::/32", "2001:0db8:ffff::1", true],
    ["::1", "0:0:0:0:0:0:0:1", true],
    ["fe80::/10", "fe80::1%eth0", true],
    ["cloudformation.amazonaws.com", "cloudformation.amazonaws.com", true],
    ["10.0.0.0/8", "AWS Internal", false],
  ])("%s contains %s: %s", (filter, ip, expected) => {
    const parsed = parseIpFilter(filter);
    expect(parsed).not.toBeNull();
    expect(ipMatches(parsed!, ip)).toBe(expected);
  });

  it.each([
    "1.2.3.4/33",
    "256.1.1.1",
    "2001:db8::/129",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "10.0.0.0/8/8",
  ])("rejects %s", (filter) => {
    expect(parseIpFilter(filter)).toBeNull();
  });
});
