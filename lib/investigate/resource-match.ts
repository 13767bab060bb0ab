import type { AuditEvent } from "@/lib/events/audit-event";
import { classifyEventName, targetFields, type EventKind } from "../events/event-kinds";
import { parseArn, parseQueueUrl, type ResourceId } from "./resource-id";
import { collectLeaves, namesFromArn, sourceOfArnService, type Leaf } from "../events/resource-types";

/**
 * Whether an event names the resource, by exact, ARN-aware comparison of whole identifier values:
 * `orders` never matches `orders-archive`, `i-0abc1` never matches `i-0abc12`.
 */

interface EventLeaf extends Leaf {
  /** Where the value is: LookupEvents' resources, the parameters, the response. */
  root: "resources" | "requestParameters" | "responseElements";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Identifier values of an event: LookupEvents' resources, the record's resources[] ARNs, parameters and response. */
function eventLeaves(event: AuditEvent): EventLeaf[] {
  const out: EventLeaf[] = event.resources.map((r) => ({ root: "resources", path: "", value: r.name }));
  const raw = event.raw;
  if (Array.isArray(raw.resources)) {
    for (const r of raw.resources)
      if (isObject(r) && typeof r.ARN === "string") out.push({ root: "resources", path: "", value: r.ARN });
  }
  for (const root of ["requestParameters", "responseElements"] as const)
    for (const leaf of collectLeaves(raw[root], "", [])) out.push({ root, ...leaf });
  return out;
}

/** The service, account, region and names (name, and ID where the ARN holds both) a recorded ARN or queue URL points at. */
function qualified(
  value: string,
): { source: string; accountId: string; region: string; names: string[]; arn: string } | null {
  const arn = parseArn(value);
  if (arn) {
    const id = {
      accountId: arn.accountId,
      region: arn.region,
      source: sourceOfArnService(arn.service),
      arn: value,
    };
    const fromTable = namesFromArn(arn.service, arn.resource);
    if (fromTable) return { ...id, names: fromTable.id ? [fromTable.name, fromTable.id] : [fromTable.name] };
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
                : arn.service === "logs"
                  ? arn.resource.replace(/^log-group:/, "").replace(/:\*$/, "")
                  : segments[segments.length - 1]!;
    return { ...id, names: [name] };
  }
  const queue = parseQueueUrl(value);
  if (queue) {
    return {
      source: "sqs.amazonaws.com",
      accountId: queue.accountId,
      region: queue.region,
      names: [queue.name],
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
    return q.names.includes(id.name) && (id.sources.length === 0 || id.sources.includes(q.source));
  }
  if (q) return q.arn === id.arn || value === id.arn;
  // A bare name inside an event counts for an ARN only when the event is that service's, in that account and region.
  return (
    (value === id.name || id.aliases.includes(value)) &&
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

const VERB =
  /^(Delete|Terminate|Deregister|Destroy|Release|Create|Run|Register|Allocate|Import|Launch|Restore|Copy|Upload)/;
const ID_SUFFIX = /(Names?|Ids?|Arns?|ARNs?|Identifiers?|Urls?)$/;

/** `brokerId` → `broker`, `snapshot.name` → `snapshot`, a top-level `name` → "" (the call's own object). */
function stemOf(path: string): string {
  const parts = path.split(".");
  const bare = parts[parts.length - 1]!.replace(ID_SUFFIX, "");
  if (bare) return bare.toLowerCase();
  return (parts[parts.length - 2] ?? "").replace(ID_SUFFIX, "").toLowerCase();
}

/**
 * For a call outside the resource table, the fields naming what it creates or deletes: those named
 * after the call's object (DeleteBroker → `brokerId`, a top-level `name`), when the event has any; else
 * every field. So an unknown service's DeleteNodegroup `{clusterName, nodegroupName}` deletes the node
 * group, not the cluster.
 */
function genericTargets(eventName: string, leaves: EventLeaf[]): (leaf: EventLeaf) => boolean {
  const noun = eventName.replace(VERB, "").toLowerCase();
  const own = (leaf: EventLeaf) => {
    const stem = stemOf(leaf.path);
    return stem === "" || stem === noun || `${stem}s` === noun;
  };
  const params = leaves.filter((l) => l.root !== "resources");
  return params.some(own) ? own : () => true;
}

export function matchEvent(event: AuditEvent, id: ResourceId): ResourceMatch | null {
  const targets = targetFields(event.eventSource, event.eventName);
  const leaves = eventLeaves(event);
  const isTarget =
    targets === null
      ? genericTargets(event.eventName, leaves)
      : (leaf: EventLeaf) => leaf.root !== "resources" && targets.includes(leaf.path);
  const fields = new Set<string>();
  let target = false;
  for (const leaf of leaves) {
    if (!valueNamesResource(leaf.value, id, event)) continue;
    fields.add(leaf.root === "resources" ? "resources" : `${leaf.root}.${leaf.path}`);
    if (isTarget(leaf)) target = true;
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
