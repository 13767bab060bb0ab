import { describe, expect, it } from "vitest";
import { alternateNames, parseResourceId, scanTargets } from "./resource-id";
import { valueNamesResource } from "./resource-match";

const ctx = (eventSource: string, accountId = "444455556666", awsRegion = "us-east-1") => ({
  eventSource,
  accountId,
  awsRegion,
});

describe("parseResourceId", () => {
  it("reads the short name, account and region out of ARNs", () => {
    expect(parseResourceId("arn:aws:iam::111122223333:role/service-role/deploy")).toMatchObject({
      form: "arn",
      name: "deploy",
      accountId: "111122223333",
      region: "us-east-1",
      global: true,
      sources: ["iam.amazonaws.com"],
    });
    expect(parseResourceId("arn:aws:lambda:eu-west-1:444455556666:function:resize:7")).toMatchObject({
      name: "resize",
      region: "eu-west-1",
      global: false,
    });
    expect(parseResourceId("arn:aws:s3:::orders")).toMatchObject({
      name: "orders",
      accountId: null,
      region: null,
    });
    expect(parseResourceId("arn:aws:s3:::orders/2026/a.csv")).toMatchObject({ dataEvent: true });
    expect(parseResourceId("arn:aws:cloudformation:us-west-2:444455556666:stack/web/1b2c").name).toBe("web");
    expect(
      parseResourceId("arn:aws:kms:us-east-1:444455556666:key/0a1b2c3d-1111-2222-3333-444455556666").name,
    ).toBe("0a1b2c3d-1111-2222-3333-444455556666");
    expect(
      parseResourceId("arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/web/50dc6c").name,
    ).toBe("web");
    expect(parseResourceId("arn:aws:eks:us-east-1:444455556666:nodegroup/prod/workers/abc").name).toBe(
      "workers",
    );
  });

  it("turns an SQS queue URL into its ARN", () => {
    expect(parseResourceId("https://sqs.eu-west-1.amazonaws.com/444455556666/jobs")).toMatchObject({
      form: "url",
      arn: "arn:aws:sqs:eu-west-1:444455556666:jobs",
      name: "jobs",
    });
  });

  it("recognizes service-specific ID shapes", () => {
    expect(parseResourceId("i-0abc1234def567890").sources).toEqual(["ec2.amazonaws.com"]);
    expect(parseResourceId("vol-0abc1234").sources).toEqual(["ec2.amazonaws.com"]);
    expect(parseResourceId("0a1b2c3d-1111-2222-3333-444455556666").sources).toEqual(["kms.amazonaws.com"]);
    expect(parseResourceId("orders").sources).toEqual([]);
    expect(parseResourceId("  orders ").name).toBe("orders");
  });
});

describe("alternateNames", () => {
  it("derives the ARNs a bare name stands for in an account and region", () => {
    const names = alternateNames(parseResourceId("orders"), "444455556666", "us-east-1");
    expect(names).toContain("arn:aws:sns:us-east-1:444455556666:orders");
    expect(names).toContain("https://sqs.us-east-1.amazonaws.com/444455556666/orders");
    expect(names).toContain("arn:aws:iam::444455556666:role/orders");
    expect(alternateNames(parseResourceId("orders"), "444455556666", "eu-west-1")).not.toContain(
      "arn:aws:iam::444455556666:role/orders",
    );
    expect(alternateNames(parseResourceId("i-0abc1234"), "444455556666", "us-west-2")).toEqual([
      "arn:aws:ec2:us-west-2:444455556666:instance/i-0abc1234",
    ]);
  });

  it("gives the short name (and queue URL) for an ARN", () => {
    expect(
      alternateNames(parseResourceId("arn:aws:iam::111122223333:role/deploy"), "111122223333", "us-east-1"),
    ).toEqual(["deploy"]);
    expect(
      alternateNames(parseResourceId("arn:aws:sqs:us-east-1:444455556666:jobs"), "444455556666", "us-east-1"),
    ).toEqual(["jobs", "https://sqs.us-east-1.amazonaws.com/444455556666/jobs"]);
  });
});

describe("valueNamesResource", () => {
  it("never matches look-alike names or IDs", () => {
    const orders = parseResourceId("orders");
    expect(valueNamesResource("orders", orders, ctx("dynamodb.amazonaws.com"))).toBe(true);
    expect(valueNamesResource("orders-archive", orders, ctx("dynamodb.amazonaws.com"))).toBe(false);
    expect(valueNamesResource("Orders", orders, ctx("dynamodb.amazonaws.com"))).toBe(false);
    expect(
      valueNamesResource(
        "arn:aws:sns:us-east-1:444455556666:orders-archive",
        orders,
        ctx("sns.amazonaws.com"),
      ),
    ).toBe(false);
    const instance = parseResourceId("i-0abc1");
    expect(valueNamesResource("i-0abc12", instance, ctx("ec2.amazonaws.com"))).toBe(false);
    expect(valueNamesResource("i-0abc1", instance, ctx("ec2.amazonaws.com"))).toBe(true);
  });

  it("matches a bare name against ARNs and queue URLs recorded by the service", () => {
    const orders = parseResourceId("orders");
    expect(
      valueNamesResource("arn:aws:sns:us-east-1:444455556666:orders", orders, ctx("sns.amazonaws.com")),
    ).toBe(true);
    expect(
      valueNamesResource(
        "https://sqs.us-east-1.amazonaws.com/444455556666/orders",
        orders,
        ctx("sqs.amazonaws.com"),
      ),
    ).toBe(true);
    expect(
      valueNamesResource("arn:aws:iam::444455556666:role/app/orders", orders, ctx("iam.amazonaws.com")),
    ).toBe(true);
  });

  it("matches an ARN against the short name only in its own service, account and region", () => {
    const role = parseResourceId("arn:aws:iam::111122223333:role/deploy");
    expect(valueNamesResource("deploy", role, ctx("iam.amazonaws.com", "111122223333"))).toBe(true);
    expect(valueNamesResource("deploy", role, ctx("iam.amazonaws.com", "444455556666"))).toBe(false);
    expect(valueNamesResource("deploy", role, ctx("lambda.amazonaws.com", "111122223333"))).toBe(false);
    expect(
      valueNamesResource(
        "arn:aws:iam::444455556666:role/deploy",
        role,
        ctx("iam.amazonaws.com", "111122223333"),
      ),
    ).toBe(false);
    const fn = parseResourceId("arn:aws:lambda:eu-west-1:444455556666:function:resize");
    expect(valueNamesResource("resize", fn, ctx("lambda.amazonaws.com", "444455556666", "eu-west-1"))).toBe(
      true,
    );
    expect(valueNamesResource("resize", fn, ctx("lambda.amazonaws.com", "444455556666", "us-west-2"))).toBe(
      false,
    );
  });
});

describe("scanTargets", () => {
  it("reads only the delete calls that can name an ID of that shape", () => {
    expect(scanTargets(parseResourceId("i-0abc1234"))).toEqual([
      { source: "ec2.amazonaws.com", field: "instanceId" },
    ]);
    expect(scanTargets(parseResourceId("snap-0abc1234"))).toEqual([
      { source: "ec2.amazonaws.com", field: "snapshotId" },
    ]);
    expect(scanTargets(parseResourceId("arn:aws:sns:us-east-1:444455556666:t"))).toEqual([
      { source: "sns.amazonaws.com", every: true },
    ]);
    expect(scanTargets(parseResourceId("orders")).map((t) => t.source)).toContain("iam.amazonaws.com");
    expect(scanTargets(parseResourceId("fs-0123456789abcdef0"))).toEqual([
      { source: "elasticfilesystem.amazonaws.com", field: "fileSystemId" },
    ]);
  });

  it("reads ARNs whose service differs from the event source, or that hold a name and an ID", () => {
    expect(parseResourceId("arn:aws:cloudwatch:us-east-1:444455556666:alarm:cpu:high")).toMatchObject({
      name: "cpu:high",
      sources: ["monitoring.amazonaws.com"],
    });
    expect(
      parseResourceId(
        "arn:aws:wafv2:us-east-1:444455556666:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
      ),
    ).toMatchObject({ name: "edge", aliases: ["a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"] });
    expect(parseResourceId("arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/db-AbCdEf").name).toBe(
      "prod/db",
    );
    expect(alternateNames(parseResourceId("fs-0123456789abcdef0"), "444455556666", "eu-west-1")).toEqual([
      "arn:aws:elasticfilesystem:eu-west-1:444455556666:file-system/fs-0123456789abcdef0",
    ]);
  });
});
