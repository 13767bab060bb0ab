import type { AuditEvent, EventResource } from "./audit-event";
import { clientKind } from "./client-kind";
import { describeWho, eventFlags } from "./identity";
import { asBoolean, asObject, asString, pick, type JsonObject } from "./record-fields";
import { isoSeconds } from "../shared/time";

/** What LookupEvents reports next to the record, and the source's account and region as fallbacks. */
export interface LookupFields {
  /** LookupEvents' `Username` (an IAM user name or a role session name). */
  username?: string;
  /** LookupEvents' `Resources`: when given, they are the event's resources, as Event history filters on them. */
  resources?: { type: string | null; name: string }[];
  accessKeyId?: string;
  /** Used only when the record lacks the field (a truncated or malformed record). */
  eventId?: string;
  eventTime?: string | Date;
  eventName?: string;
  eventSource?: string;
  readOnly?: boolean | string;
  accountId?: string;
  region?: string;
}

const SERVICE_NAMES: Record<string, string> = {
  s3: "S3",
  iam: "IAM",
  ec2: "EC2",
  lambda: "Lambda",
  dynamodb: "DynamoDB",
  kms: "KMS",
  sns: "SNS",
  sqs: "SQS",
  rds: "RDS",
  cloudformation: "CloudFormation",
  cloudtrail: "CloudTrail",
  logs: "Logs",
  sts: "STS",
};

const RESOURCE_NAMES: Record<string, string> = {
  "rds:db": "DBInstance",
  "rds:cluster": "DBCluster",
  "rds:snapshot": "DBSnapshot",
  "ec2:image": "Ami",
  "ec2:vpc": "VPC",
};

const pascal = (value: string) =>
  value
    .split(/[-_]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");

/** `arn:aws:iam::123:role/x` → `AWS::IAM::Role`, the CloudFormation-style names CloudTrail uses. */
export function resourceTypeFromArn(arn: string): string | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  const service = parts[2] ?? "";
  const resource = parts.slice(5).join(":");
  if (!service) return null;
  const serviceName = SERVICE_NAMES[service] ?? pascal(service);
  if (service === "s3") return resource.includes("/") ? "AWS::S3::Object" : "AWS::S3::Bucket";
  if (service === "sns") return "AWS::SNS::Topic";
  if (service === "sqs") return "AWS::SQS::Queue";
  const kind = /^([a-z0-9-]+)[/:]/i.exec(resource)?.[1];
  if (!kind) return null;
  return `AWS::${serviceName}::${RESOURCE_NAMES[`${service}:${kind}`] ?? pascal(kind)}`;
}

function recordResources(record: JsonObject): EventResource[] {
  const list = record.resources;
  if (!Array.isArray(list)) return [];
  const out: EventResource[] = [];
  for (const item of list) {
    const arn = asString(pick(item, "ARN"));
    if (!arn) continue;
    out.push({ type: asString(pick(item, "type")) ?? resourceTypeFromArn(arn), name: arn });
  }
  return out;
}

/** Event history's `Username`: the IAM user name, or an assumed role's (or federated user's) session name. */
export function recordUsername(record: JsonObject): string | null {
  const identity = asObject(record.userIdentity);
  if (!identity) return null;
  const arn = asString(identity.arn);
  switch (identity.type) {
    case "IAMUser":
      return asString(identity.userName) ?? arn?.split("/").pop() ?? null;
    case "AssumedRole":
      return (
        asString(arn?.split("/").slice(2).join("/")) ??
        asString(asString(identity.principalId)?.split(":")[1]) ??
        null
      );
    case "FederatedUser":
      return (
        asString(arn?.split("/").slice(1).join("/")) ??
        asString(asString(identity.principalId)?.split(":")[1]) ??
        null
      );
    case "Root":
      return asString(identity.userName) ?? "root";
    case "IdentityCenterUser":
      return asString(identity.userName) ?? asString(pick(identity, "onBehalfOf", "userId")) ?? null;
    default:
      return asString(identity.userName) ?? null;
  }
}

/** ISO 8601 in CloudTrail's own form (`2026-11-25T16:52:56Z`), or undefined when the value is not a date. */
function isoTime(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return isoSeconds(date);
}

function parseRecord(record: unknown): JsonObject {
  if (typeof record === "string") {
    try {
      return asObject(JSON.parse(record)) ?? {};
    } catch {
      return {};
    }
  }
  return asObject(record) ?? {};
}

/**
 * One CloudTrail record (an object, or LookupEvents' `CloudTrailEvent` JSON string) as an
 * `AuditEvent`. Never throws: every field of the record may be missing or malformed.
 */
export function normalizeRecord(record: unknown, lookup: LookupFields = {}): AuditEvent {
  const raw = parseRecord(record);
  const identity = asObject(raw.userIdentity);
  const username = asString(lookup.username) ?? recordUsername(raw);
  const who = describeWho(raw, username ?? undefined);
  const userAgent = asString(raw.userAgent) ?? null;
  const resources =
    lookup.resources !== undefined
      ? lookup.resources.filter((r) => r.name.length > 0).map((r) => ({ type: r.type || null, name: r.name }))
      : recordResources(raw);
  return {
    eventId: asString(raw.eventID) ?? lookup.eventId ?? "",
    eventTime: isoTime(raw.eventTime) ?? isoTime(lookup.eventTime) ?? "",
    eventName: asString(raw.eventName) ?? lookup.eventName ?? "",
    eventSource: asString(raw.eventSource) ?? lookup.eventSource ?? "",
    awsRegion: asString(raw.awsRegion) ?? lookup.region ?? "",
    accountId: asString(raw.recipientAccountId) ?? lookup.accountId ?? asString(identity?.accountId) ?? "",
    readOnly: asBoolean(raw.readOnly) ?? asBoolean(lookup.readOnly) ?? false,
    username,
    who,
    sourceIPAddress: asString(raw.sourceIPAddress) ?? null,
    userAgent,
    client: clientKind(userAgent ?? undefined, {
      type: asString(identity?.type),
      invokedBy: asString(identity?.invokedBy),
    }),
    vpcEndpointId: asString(raw.vpcEndpointId) ?? null,
    errorCode: asString(raw.errorCode) ?? null,
    errorMessage: asString(raw.errorMessage) ?? null,
    resources,
    accessKeyId: asString(lookup.accessKeyId) ?? asString(identity?.accessKeyId) ?? null,
    requestId: asString(raw.requestID) ?? null,
    eventType: asString(raw.eventType) ?? null,
    eventCategory: asString(raw.eventCategory) ?? "Management",
    managementEvent: asBoolean(raw.managementEvent) ?? null,
    flags: eventFlags(raw, who),
    raw,
  };
}
