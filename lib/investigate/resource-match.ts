import type { AuditEvent } from "@/lib/events/audit-event";
import { classifyEventName, targetFields, type EventKind } from "./event-kinds";
import { eventSourceOf, parseArn, parseQueueUrl, type ResourceId } from "./resource-id";

/**
 * Whether an event names the resource, by exact, ARN-aware comparison of whole identifier values:
 * `orders` never matches `orders-archive`, `i-0abc1` never matches `i-0abc12`.
 */

/** Subtrees that hold free text or documents rather than identifiers of the resource acted on. */
const SKIPPED_KEYS = new Set([
  "tags",
  "tagSet",
  "tagList",
  "tagSpecificationSet",
  "tagSpecifications",
  "description",
  "policyDocument",
  "assumeRolePolicyDocument",
  "policy",
  "userData",
  "environment",
  "message",
  "subject",
]);

interface Leaf {
  key: string;
  value: string;
}

function collectLeaves(value: unknown, key: string, out: Leaf[], depth = 0): void {
  if (depth > 12) return;
  if (typeof value === "string") {
    if (value.length > 0 && value.length <= 2048) out.push({ key, value });
  } else if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, key, out, depth + 1);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (!SKIPPED_KEYS.has(k)) collectLeaves(v, k, out, depth + 1);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Identifier values of an event: LookupEvents' resources, the record's resources[] ARNs, parameters and response. */
function eventLeaves(event: AuditEvent): Leaf[] {
  const out: Leaf[] = event.resources.map((r) => ({ key: "resources", value: r.name }));
  const raw = event.raw;
  if (Array.isArray(raw.resources)) {
    for (const r of raw.resources)
      if (isObject(r) && typeof r.ARN === "string") out.push({ key: "resources", value: r.ARN });
  }
  collectLeaves(raw.requestParameters, "requestParameters", out);
  collectLeaves(raw.responseElements, "responseElements", out);
  return out;
}

/** The service, account, region and name a recorded value points at, when it is an ARN or a queue URL. */
function qualified(
  value: string,
): { source: string; accountId: string; region: string; name: string; arn: string } | null {
  const arn = parseArn(value);
  if (arn) {
    const id = {
      accountId: arn.accountId,
      region: arn.region,
      source: eventSourceOf(arn.service),
      arn: value,
    };
    const segments = arn.resource.split(/[/:]/);
    // The resource part ends with the name for most types; Lambda and ECS may append a version.
    const name =
      arn.service === "lambda"
        ? (arn.resource.split(":")[1] ?? arn.resource)
        : arn.service === "s3"
          ? arn.resource
          : arn.service === "kms" && arn.resource.startsWith("alias/")
            ? arn.resource
            : arn.service === "cloudformation" || arn.service === "dynamodb" || arn.service === "ecr"
              ? (segments[1] ?? arn.resource)
              : arn.service === "elasticloadbalancing" && segments.length > 2
                ? segments[segments.length - 2]!
                : segments[segments.length - 1]!;
    return { ...id, name };
  }
  const queue = parseQueueUrl(value);
  if (queue) {
    return {
      source: "sqs.amazonaws.com",
      accountId: queue.accountId,
      region: queue.region,
      name: queue.name,
      arn: `arn:aws:sqs:${queue.region}:${queue.accountId}:${queue.name}`,
    };
  }
  return null;
}

/** Whether one recorded value identifies the resource, in the context of the event that recorded it. */
export function valueNamesResource(
  value: string,
  id: ResourceId,
  event: Pick<AuditEvent, "eventSource" | "accountId" | "awsRegion">,
): boolean {
  if (value === id.input) return true;
  const q = qualified(value);
  if (id.form === "name") {
    if (!q) return value === id.name;
    return q.name === id.name && (id.sources.length === 0 || id.sources.includes(q.source));
  }
  if (q) return q.arn === id.arn || value === id.arn;
  // A bare name inside an event counts for an ARN only when the event is that service's, in that account and region.
  return (
    value === id.name &&
    id.sources.includes(event.eventSource) &&
    (id.accountId === null || id.accountId === event.accountId) &&
    (id.region === null || id.global || id.region === event.awsRegion)
  );
}

export interface ResourceMatch {
  /** Where the event names the resource: LookupEvents' resources, the parameters, the response. */
  fields: string[];
  /** The call creates or deletes this very resource (not a child of it, like an access key of a user). */
  target: boolean;
}

export function matchEvent(event: AuditEvent, id: ResourceId): ResourceMatch | null {
  const targets = targetFields(event.eventSource, event.eventName);
  const fields = new Set<string>();
  let target = false;
  for (const leaf of eventLeaves(event)) {
    if (!valueNamesResource(leaf.value, id, event)) continue;
    fields.add(leaf.key);
    if (targets === null || targets.includes(leaf.key)) target = true;
  }
  if (fields.size === 0) return null;
  return { fields: [...fields], target };
}

/** The event's kind for this resource: a delete of a child (an access key of the user) only modifies it. */
export function kindForResource(event: AuditEvent, match: ResourceMatch): EventKind {
  const kind = classifyEventName(event.eventSource, event.eventName, event.readOnly);
  if ((kind === "created" || kind === "deleted") && !match.target) return "modified";
  return kind;
}
