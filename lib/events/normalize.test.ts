import { describe, expect, it } from "vitest";
import { normalizeRecord, resourceTypeFromArn } from "./normalize";
import { clientKind } from "./client-kind";

/** Records shaped like CloudTrail's documentation examples and real trails, one per identity type. */

const base = {
  eventVersion: "1.11",
  eventTime: "2026-11-20T09:15:02Z",
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.7",
  requestID: "3b9a6e1c-0d45-4f0e-9d0e-1d2f3a4b5c6d",
  eventID: "0f8c2a7e-6f0d-4c55-9b8a-2d1e3f4a5b6c",
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: "111122223333",
  eventCategory: "Management",
};

const sso = {
  ...base,
  eventSource: "ec2.amazonaws.com",
  eventName: "TerminateInstances",
  readOnly: false,
  userAgent: "console.ec2.amazonaws.com",
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEID:bob@example.com",
    arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/bob@example.com",
    accountId: "111122223333",
    accessKeyId: "ASIAEXAMPLEKEY",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAEXAMPLEID",
        arn: "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
        accountId: "111122223333",
        userName: "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
      },
      attributes: { creationDate: "2026-11-20T08:00:00Z", mfaAuthenticated: "false" },
    },
  },
  requestParameters: { instancesSet: { items: [{ instanceId: "i-0abc1234def567890" }] } },
};

const iamUser = {
  ...base,
  eventSource: "s3.amazonaws.com",
  eventName: "DeleteBucket",
  readOnly: false,
  userAgent:
    "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 botocore/2.0",
  userIdentity: {
    type: "IAMUser",
    principalId: "AIDAEXAMPLEUSER",
    arn: "arn:aws:iam::111122223333:user/alice",
    accountId: "111122223333",
    accessKeyId: "AKIAEXAMPLEALICE",
    userName: "alice",
  },
  resources: [{ ARN: "arn:aws:s3:::audit-logs-bucket", accountId: "111122223333", type: "AWS::S3::Bucket" }],
  errorCode: "AccessDenied",
  errorMessage: "Access Denied",
};

const ciRole = {
  ...base,
  eventSource: "iam.amazonaws.com",
  eventName: "CreateRole",
  readOnly: false,
  userAgent:
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 aws-sdk-go-v2/1.32.4 os/linux lang/go#1.23.2",
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROACIROLE:deploy",
    arn: "arn:aws:sts::444455556666:assumed-role/ci-terraform/deploy",
    accountId: "444455556666",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        arn: "arn:aws:iam::444455556666:role/ci-terraform",
        userName: "ci-terraform",
      },
      attributes: { mfaAuthenticated: "false" },
    },
  },
};

const autoscaling = {
  ...base,
  eventSource: "ec2.amazonaws.com",
  eventName: "RunInstances",
  readOnly: false,
  sourceIPAddress: "autoscaling.amazonaws.com",
  userAgent: "autoscaling.amazonaws.com",
  userIdentity: {
    type: "AssumedRole",
    arn: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling",
    accountId: "111122223333",
    invokedBy: "autoscaling.amazonaws.com",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        arn: "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
        userName: "AWSServiceRoleForAutoScaling",
      },
    },
  },
};

const awsService = {
  ...base,
  eventSource: "kms.amazonaws.com",
  eventName: "RotateKey",
  readOnly: false,
  sourceIPAddress: "kms.amazonaws.com",
  userAgent: "kms.amazonaws.com",
  userIdentity: { type: "AWSService", invokedBy: "kms.amazonaws.com" },
  resources: [
    {
      ARN: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      accountId: "111122223333",
    },
  ],
};

const root = {
  ...base,
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  readOnly: false,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  userIdentity: {
    type: "Root",
    principalId: "111122223333",
    arn: "arn:aws:iam::111122223333:root",
    accountId: "111122223333",
    userName: "example-corp",
  },
  additionalEventData: { MFAUsed: "No", LoginTo: "https://console.aws.amazon.com/" },
  responseElements: { ConsoleLogin: "Success" },
};

const identityCenter = {
  ...base,
  eventSource: "sso.amazonaws.com",
  eventName: "ListApplications",
  readOnly: true,
  userAgent: "Mozilla/5.0",
  userIdentity: {
    type: "IdentityCenterUser",
    accountId: "111122223333",
    onBehalfOf: {
      userId: "94482488-3041-7026-18f3-be45837cd0e4",
      identityStoreArn: "arn:aws:identitystore::111122223333:identitystore/d-9067642ac7",
    },
    credentialId: "EXAMPLE",
  },
};

const crossAccount = {
  ...ciRole,
  recipientAccountId: "777788889999",
  userAgent:
    "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6 cfg/retry-mode#legacy Botocore/1.35.0",
};

describe("normalizeRecord", () => {
  it("names an Identity Center person with the permission set, without the role's hex suffix", () => {
    const e = normalizeRecord(JSON.stringify(sso), {
      username: "bob@example.com",
      resources: [{ type: "AWS::EC2::Instance", name: "i-0abc1234def567890" }],
    });
    expect(e.who).toMatchObject({
      type: "AssumedRole",
      display: "bob@example.com via AWSReservedSSO_AdministratorAccess",
    });
    expect(e.who.chain.map((l) => [l.kind, l.label])).toEqual([
      ["person", "bob@example.com"],
      ["role", "AWSReservedSSO_AdministratorAccess"],
    ]);
    expect(e.who.chain[1]?.arn).toContain(":role/aws-reserved/");
    expect(e.flags).toEqual({ root: false, noMfa: false, crossAccount: false });
    expect(e.client).toBe("console");
    expect(e.resources).toEqual([{ type: "AWS::EC2::Instance", name: "i-0abc1234def567890" }]);
    expect(e).toMatchObject({
      eventId: base.eventID,
      eventTime: "2026-11-20T09:15:02Z",
      eventName: "TerminateInstances",
      accountId: "111122223333",
      readOnly: false,
      username: "bob@example.com",
      accessKeyId: "ASIAEXAMPLEKEY",
      eventCategory: "Management",
      managementEvent: true,
    });
  });

  it("names an IAM user, keeps the error and takes resources from the record when LookupEvents gave none", () => {
    const e = normalizeRecord(iamUser);
    expect(e.who).toMatchObject({
      type: "IAMUser",
      display: "alice",
      arn: "arn:aws:iam::111122223333:user/alice",
    });
    expect(e.username).toBe("alice");
    expect(e.client).toBe("cli");
    expect(e).toMatchObject({ errorCode: "AccessDenied", errorMessage: "Access Denied" });
    expect(e.resources).toEqual([{ type: "AWS::S3::Bucket", name: "arn:aws:s3:::audit-logs-bucket" }]);
  });

  it("names a workload role session, and Terraform as the client", () => {
    const e = normalizeRecord(ciRole);
    expect(e.who.display).toBe("deploy via role ci-terraform");
    expect(e.who.chain.map((l) => l.kind)).toEqual(["session", "role"]);
    expect(e.username).toBe("deploy");
    expect(e.client).toBe("terraform");
    expect(e.flags.noMfa).toBe(false);
  });

  it("shows a service acting through its service-linked role by the service's name", () => {
    const e = normalizeRecord(autoscaling);
    expect(e.who.display).toBe("autoscaling.amazonaws.com");
    expect(e.who.invokedBy).toBe("autoscaling.amazonaws.com");
    expect(e.who.chain.at(-1)).toEqual({ kind: "service", label: "autoscaling.amazonaws.com", arn: null });
    expect(e.client).toBe("aws-service");
  });

  it("names AWSService callers by service and derives a resource's type from its ARN", () => {
    const e = normalizeRecord(awsService);
    expect(e.who).toMatchObject({ type: "AWSService", display: "kms.amazonaws.com", accountId: null });
    expect(e.client).toBe("aws-service");
    expect(e.resources[0]?.type).toBe("AWS::KMS::Key");
    expect(e.flags.crossAccount).toBe(false);
  });

  it("flags root and a console sign-in without MFA, showing the account alias", () => {
    const e = normalizeRecord(root);
    expect(e.who.display).toBe("root (example-corp)");
    expect(e.flags).toEqual({ root: true, noMfa: true, crossAccount: false });
    expect(e.client).toBe("console");
    expect(e.username).toBe("example-corp");
  });

  it("names an Identity Center user by onBehalfOf.userId", () => {
    const e = normalizeRecord(identityCenter);
    expect(e.who).toMatchObject({
      type: "IdentityCenterUser",
      display: "94482488-3041-7026-18f3-be45837cd0e4",
    });
    expect(e.who.chain[0]?.arn).toContain("identitystore");
    expect(e.readOnly).toBe(true);
  });

  it("flags a call from another account and recognizes Boto3", () => {
    const e = normalizeRecord(crossAccount);
    expect(e.flags.crossAccount).toBe(true);
    expect(e.accountId).toBe("777788889999");
    expect(e.who.accountId).toBe("444455556666");
    expect(e.client).toBe("sdk");
  });

  it("flags an IAM user's console session without MFA", () => {
    const e = normalizeRecord({
      ...iamUser,
      userIdentity: {
        ...iamUser.userIdentity,
        sessionContext: { attributes: { mfaAuthenticated: "false" } },
      },
    });
    expect(e.flags.noMfa).toBe(true);
  });

  it("never throws on malformed records and falls back to LookupEvents' fields", () => {
    for (const record of [
      null,
      42,
      "not json",
      "[]",
      {},
      { userIdentity: "x", resources: "y", eventTime: "yesterday" },
    ]) {
      const e = normalizeRecord(record);
      expect(e.who.type).toBe("Unknown");
      expect(e.resources).toEqual([]);
      expect(e.eventTime).toBe("");
    }
    const e = normalizeRecord("{", {
      eventId: "id-1",
      eventTime: new Date("2026-11-01T00:00:00Z"),
      eventName: "PutObject",
      eventSource: "s3.amazonaws.com",
      readOnly: "false",
      username: "carol",
      accountId: "444455556666",
      region: "eu-west-1",
    });
    expect(e).toMatchObject({
      eventId: "id-1",
      eventTime: "2026-11-01T00:00:00Z",
      eventName: "PutObject",
      awsRegion: "eu-west-1",
      accountId: "444455556666",
      username: "carol",
      readOnly: false,
    });
    expect(e.who.display).toBe("carol");
    const odd = normalizeRecord({
      userIdentity: { type: "Martian", userName: 7, sessionContext: { sessionIssuer: 5 } },
      resources: [{}, { ARN: 3 }],
    });
    expect(odd.who).toMatchObject({ type: "Unknown", display: "unknown" });
  });
  it("writes event times to the second, as CloudTrail does, whatever precision they arrive with", () => {
    expect(normalizeRecord({ ...base, eventTime: "2026-11-20T09:15:02.123Z" }).eventTime).toBe(
      "2026-11-20T09:15:02Z",
    );
    const fromLookup = normalizeRecord("{", { eventTime: new Date("2026-11-01T00:00:00.250Z") });
    expect(fromLookup.eventTime).toBe("2026-11-01T00:00:00Z");
  });
});

describe("resourceTypeFromArn", () => {
  it.each([
    ["arn:aws:iam::111122223333:role/ci-terraform", "AWS::IAM::Role"],
    ["arn:aws:s3:::bucket/key.txt", "AWS::S3::Object"],
    ["arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", "AWS::EC2::Instance"],
    ["arn:aws:ec2:us-east-1:111122223333:security-group/sg-1", "AWS::EC2::SecurityGroup"],
    ["arn:aws:lambda:us-east-1:111122223333:function:resize", "AWS::Lambda::Function"],
    ["arn:aws:dynamodb:us-east-1:111122223333:table/orders", "AWS::DynamoDB::Table"],
    ["arn:aws:rds:us-east-1:111122223333:db:prod-db", "AWS::RDS::DBInstance"],
    ["arn:aws:sns:us-east-1:111122223333:alerts", "AWS::SNS::Topic"],
    ["not-an-arn", null],
  ])("%s → %s", (arn, type) => {
    expect(resourceTypeFromArn(arn)).toBe(type);
  });
});

describe("clientKind", () => {
  it.each([
    ["AWS Internal", "console"],
    ["signin.amazonaws.com", "console"],
    ["[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750]", "console"],
    ["aws-cli/1.29.0 Python/3.11.4 Linux/5.15 botocore/1.31.0", "cli"],
    ["aws-sdk-js/3.700.0 ua/2.0 os/linux#6.8 lang/js md/nodejs#20.18.0 api/s3#3.700.0", "sdk"],
    ["aws-sdk-java/2.29.0 Linux/6.8 OpenJDK_64-Bit_Server_VM/21", "sdk"],
    ["aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)", "sdk"],
    ["Terraform/1.9.8 terraform-provider-aws/5.76.0 aws-sdk-go-v2/1.32.4", "terraform"],
    ["cloudformation.amazonaws.com", "aws-service"],
    ["curl/8.5.0", "other"],
    ["", "other"],
  ])("%s → %s", (ua, kind) => {
    expect(clientKind(ua)).toBe(kind);
  });

  it("treats AWSService callers and invokedBy services as aws-service whatever the agent", () => {
    expect(clientKind("aws-sdk-java/2.29.0", { type: "AWSService" })).toBe("aws-service");
    expect(clientKind("aws-cli/2.0", { invokedBy: "cloudformation.amazonaws.com" })).toBe("aws-service");
  });
});
