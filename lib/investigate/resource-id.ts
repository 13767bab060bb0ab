import { namesFromArn, sourceOfArnService } from "../events/resource-types";

/**
 * Resource identity: what the user typed (ARN, SQS queue URL, bare name or ID), the short name the
 * service uses in its events, and the ARNs a bare name stands for in a given account and region.
 */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the fifth colon, e.g. `role/service-role/deploy` or `function:orders:3`. */
  resource: string;
}

export interface ResourceId {
  input: string;
  form: "arn" | "url" | "name";
  /** The canonical ARN when the input is an ARN or an SQS queue URL. */
  arn: string | null;
  /** The identifier the service uses in request parameters (role name, function name, instance ID...). */
  name: string;
  /** Other identifiers the ARN holds that the service's events use (a WAFv2 web ACL's ID beside its name). */
  aliases: string[];
  /** Event sources the identifier's shape points at; empty when any service could own the name. */
  sources: string[];
  /** Known from the ARN (null when the ARN leaves it out, or for bare names). */
  accountId: string | null;
  region: string | null;
  /** Recorded in us-east-1 only (IAM, Route 53). */
  global: boolean;
  /** An S3 object: its deletion is a data event, not in Event history. */
  dataEvent: boolean;
}

export function parseArn(value: string): Arn | null {
  const m = /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(
    value,
  );
  if (!m) return null;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4] ?? "", resource: m[5]! };
}

/** `https://sqs.us-east-1.amazonaws.com/111122223333/orders` (and the legacy queue.amazonaws.com hosts). */
export function parseQueueUrl(value: string): { region: string; accountId: string; name: string } | null {
  const m =
    /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com|queue\.amazonaws\.com)\/(\d{12})\/([A-Za-z0-9_-]+(?:\.fifo)?)$/.exec(
      value,
    );
  if (!m) return null;
  return { region: m[1] ?? m[2] ?? "us-east-1", accountId: m[3]!, name: m[4]! };
}

const GLOBAL_SERVICES = new Set(["iam", "route53", "cloudfront", "organizations"]);

/** The name a service uses for the resource in its own events. */
function shortName(arn: Arn): string {
  const r = arn.resource;
  const afterType = (sep: string) => r.slice(r.indexOf(sep) + 1);
  const segments = r.split("/");
  switch (arn.service) {
    case "iam":
      return segments[segments.length - 1]!;
    case "s3":
      return segments.length > 1 ? segments.slice(1).join("/") : r;
    case "sns":
    case "sqs":
      return r;
    case "lambda":
      return r.split(":")[1] ?? r;
    case "rds":
      return r.split(":").slice(1).join(":") || r;
    case "kms":
      return r.startsWith("alias/") ? r : afterType("/");
    case "logs":
      return r.replace(/^log-group:/, "").replace(/:\*$/, "");
    case "ecr":
      return r.replace(/^repository\//, "");
    case "cloudformation":
    case "ecs":
    case "dynamodb":
      // stack/<name>/<guid>, service/<cluster>/<name>, table/<name>[/stream/...]
      if (arn.service === "ecs" && segments[0] === "service" && segments.length > 2) return segments[2]!;
      return segments[1] ?? r;
    case "eks":
      return segments[0] === "nodegroup" || segments[0] === "fargateprofile"
        ? (segments[2] ?? r)
        : (segments[1] ?? r);
    case "elasticloadbalancing":
      // loadbalancer/app/<name>/<id>, loadbalancer/<name> (classic), targetgroup/<name>/<id>
      if (segments[0] === "loadbalancer") return segments.length > 2 ? segments[2]! : (segments[1] ?? r);
      return segments[1] ?? r;
    default:
      if (r.includes("/")) return afterType("/");
      if (r.includes(":")) return afterType(":");
      return r;
  }
}

/**
 * For a service outside the resource table, every part of the ARN after the resource type: the service
 * may record any of them (Amazon MQ's `broker:<name>:<id>` ARN, whose DeleteBroker names only the ID).
 * They count only in that service's events in the ARN's account and region.
 */
function otherSegments(arn: Arn): string[] {
  const name = shortName(arn);
  return [...new Set(arn.resource.split(/[/:]/).slice(1))].filter((s) => s && s !== name);
}

/** ID prefixes one service hands out: its event source, the ARN resource type, and the request field that names the ID. */
const ID_PREFIXES: Record<string, { source?: string; type: string; field: string }> = {
  fs: { source: "elasticfilesystem.amazonaws.com", type: "file-system", field: "fileSystemId" },
  fsap: { source: "elasticfilesystem.amazonaws.com", type: "access-point", field: "accessPointId" },
  fsmt: { source: "elasticfilesystem.amazonaws.com", type: "mount-target", field: "mountTargetId" },
  i: { type: "instance", field: "instanceId" },
  vol: { type: "volume", field: "volumeId" },
  sg: { type: "security-group", field: "groupId" },
  snap: { type: "snapshot", field: "snapshotId" },
  ami: { type: "image", field: "imageId" },
  vpc: { type: "vpc", field: "vpcId" },
  subnet: { type: "subnet", field: "subnetId" },
  eni: { type: "network-interface", field: "networkInterfaceId" },
  igw: { type: "internet-gateway", field: "internetGatewayId" },
  nat: { type: "natgateway", field: "natGatewayId" },
  rtb: { type: "route-table", field: "routeTableId" },
  key: { type: "key-pair", field: "keyPairId" },
  lt: { type: "launch-template", field: "launchTemplateId" },
  eipalloc: { type: "elastic-ip", field: "allocationId" },
  tgw: { type: "transit-gateway", field: "transitGatewayId" },
  vpce: { type: "vpc-endpoint", field: "vpcEndpointId" },
  acl: { type: "network-acl", field: "networkAclId" },
};
const PREFIXED_ID = /^([a-z]+)-[0-9a-f]{8,17}$/;
const prefixed = (value: string) => {
  const m = PREFIXED_ID.exec(value);
  const shape = m ? ID_PREFIXES[m[1]!] : undefined;
  return shape ? { ...shape, source: shape.source ?? "ec2.amazonaws.com" } : null;
};
const KMS_KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

export function parseResourceId(input: string): ResourceId {
  const value = input.trim();
  const arn = parseArn(value);
  if (arn) {
    const global = GLOBAL_SERVICES.has(arn.service);
    const fromTable = namesFromArn(arn.service, arn.resource);
    return {
      input: value,
      form: "arn",
      arn: value,
      name: fromTable?.name ?? shortName(arn),
      aliases: fromTable ? (fromTable.id ? [fromTable.id] : []) : otherSegments(arn),
      sources: [sourceOfArnService(arn.service)],
      accountId: /^\d{12}$/.test(arn.accountId) ? arn.accountId : null,
      region: global ? "us-east-1" : arn.region || null,
      global,
      dataEvent: arn.service === "s3" && arn.resource.includes("/"),
    };
  }
  const queue = parseQueueUrl(value);
  if (queue) {
    return {
      input: value,
      form: "url",
      arn: `arn:${partitionOf(queue.region)}:sqs:${queue.region}:${queue.accountId}:${queue.name}`,
      name: queue.name,
      aliases: [],
      sources: ["sqs.amazonaws.com"],
      accountId: queue.accountId,
      region: queue.region,
      global: false,
      dataEvent: false,
    };
  }
  const base = {
    input: value,
    form: "name" as const,
    arn: null,
    name: value,
    aliases: [],
    accountId: null,
    region: null,
    dataEvent: false,
  };
  const shape = prefixed(value);
  if (shape) return { ...base, sources: [shape.source], global: false };
  if (KMS_KEY_ID.test(value) || value.startsWith("alias/"))
    return { ...base, sources: ["kms.amazonaws.com"], global: false };
  if (ACCESS_KEY_ID.test(value)) return { ...base, sources: ["iam.amazonaws.com"], global: true };
  return { ...base, sources: [], global: false };
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Other spellings of the resource the service may record in a given account and region: the short
 * name for an ARN, the ARNs (and SQS URL) a bare name stands for. Event history reports some resources
 * by name (IAM roles, buckets, functions) and others by ARN (SNS topics, KMS keys, anything whose
 * record carries `resources[]`), so both are looked up.
 */
export function alternateNames(id: ResourceId, accountId: string, region: string): string[] {
  const out = new Set<string>();
  if (id.form !== "name") {
    out.add(id.name);
    for (const alias of id.aliases) out.add(alias);
    if (id.arn && id.arn !== id.input) out.add(id.arn);
    const arn = id.arn ? parseArn(id.arn) : null;
    if (arn?.service === "sqs")
      out.add(`https://sqs.${arn.region}.amazonaws.com/${arn.accountId}/${arn.resource}`);
    out.delete(id.input);
    return [...out];
  }
  const p = partitionOf(region);
  const n = id.name;
  const shape = prefixed(n);
  if (shape) {
    const service = shape.source.replace(/\.amazonaws\.com$/, "");
    // AMI ARNs carry no account.
    out.add(`arn:${p}:${service}:${region}:${shape.type === "image" ? "" : accountId}:${shape.type}/${n}`);
  } else if (id.sources.includes("kms.amazonaws.com")) {
    out.add(`arn:${p}:kms:${region}:${accountId}:${n.startsWith("alias/") ? n : `key/${n}`}`);
  } else if (id.sources.length === 0) {
    if (region === "us-east-1") {
      for (const type of ["role", "user", "group"]) out.add(`arn:${p}:iam::${accountId}:${type}/${n}`);
    }
    out.add(`arn:${p}:s3:::${n}`);
    out.add(`arn:${p}:sns:${region}:${accountId}:${n}`);
    out.add(`arn:${p}:sqs:${region}:${accountId}:${n}`);
    out.add(`https://sqs.${region}.amazonaws.com/${accountId}/${n}`);
    out.add(`arn:${p}:lambda:${region}:${accountId}:function:${n}`);
    out.add(`arn:${p}:dynamodb:${region}:${accountId}:table/${n}`);
    out.add(`arn:${p}:rds:${region}:${accountId}:db:${n}`);
  }
  return [...out];
}

/**
 * What the targeted scan reads for this identifier: the event sources its shape points at (every delete
 * of the service an ARN names; the scan list of the common services for a bare name), and for an ID the
 * one request field that names it.
 */
export function scanTargets(id: ResourceId): { source: string; field?: string; every?: boolean }[] {
  const shape = prefixed(id.name);
  if (id.form === "name" && shape) return [{ source: shape.source, field: shape.field }];
  if (id.form === "name" && ACCESS_KEY_ID.test(id.name))
    return [{ source: "iam.amazonaws.com", field: "accessKeyId" }];
  if (id.sources.length > 0) return id.sources.map((source) => ({ source, every: id.form !== "name" }));
  return [
    "s3.amazonaws.com",
    "iam.amazonaws.com",
    "lambda.amazonaws.com",
    "dynamodb.amazonaws.com",
    "sns.amazonaws.com",
    "sqs.amazonaws.com",
    "rds.amazonaws.com",
    "cloudformation.amazonaws.com",
    "ecs.amazonaws.com",
    "eks.amazonaws.com",
    "ecr.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
  ].map((source) => ({ source }));
}
