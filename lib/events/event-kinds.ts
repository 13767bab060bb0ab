import { RESOURCE_TABLE } from "./resource-types";

/**
 * What an API call does to a resource: the create- and delete-type event names of the resource table
 * (resource-types.ts) for the common services, and the general rules for the rest.
 *
 * A call's kind is relative to the resource under investigation: `DeleteAccessKey` deletes an access
 * key but only modifies the user named in its parameters, so each table entry lists the request or
 * response fields that name the resource the call creates or deletes (its targets).
 */

export const EVENT_KINDS = ["created", "modified", "deleted", "read"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ServiceEvents {
  /** The event source, e.g. `ec2.amazonaws.com`. */
  source: string;
  /** Global services (IAM...) are recorded in us-east-1 only. */
  global: boolean;
  /** Event name → the fields (at any depth of requestParameters / responseElements) naming what it deletes. */
  deletes: Readonly<Record<string, readonly string[]>>;
  /** Event name → the fields naming what it creates. */
  creates: Readonly<Record<string, readonly string[]>>;
  /** Create/delete-looking names that change a parent resource instead (DeleteBucketPolicy changes the bucket). */
  modifies: readonly string[];
  /**
   * The deletes the targeted scan reads for a bare name: those of resources people look up by name.
   * Each is one or more LookupEvents calls at 2 per second.
   */
  scan: readonly string[];
  /** Data events: recorded only in trail files, never in Event history. */
  dataEvents: readonly string[];
}

/** The table's services, indexed by event name: each delete and create with the fields naming its target. */
export const SERVICE_EVENTS: readonly ServiceEvents[] = RESOURCE_TABLE.map((service) => {
  const deletes: Record<string, string[]> = {};
  const creates: Record<string, string[]> = {};
  const scan: string[] = [];
  for (const type of service.types) {
    for (const name of type.deletes ?? []) {
      (deletes[name] ??= []).push(...type.fields);
      if (type.scan) scan.push(name);
    }
    for (const name of type.creates ?? []) (creates[name] ??= []).push(...type.fields);
  }
  return {
    source: service.source,
    global: service.global === true,
    deletes,
    creates,
    modifies: service.modifies ?? [],
    scan,
    dataEvents: service.dataEvents ?? [],
  };
});

const BY_SOURCE = new Map(SERVICE_EVENTS.map((s) => [s.source, s]));

/** The table entry of a service, by event source. */
export function serviceEvents(eventSource: string): ServiceEvents | undefined {
  return BY_SOURCE.get(eventSource);
}

export function isGlobalSource(eventSource: string): boolean {
  return BY_SOURCE.get(eventSource)?.global === true;
}

const READ_PREFIXES =
  /^(Get|Describe|List|Head|Lookup|Search|Scan|Query|BatchGet|Select|Check|Estimate|Preview|Validate|Test)/;
/**
 * The general delete rule, for calls outside the table. Delete, Terminate (instances, clusters,
 * environments), Deregister (images, task definitions), Destroy and Release (addresses, hosts) end the
 * resource their request names. Remove and Disable do not: RemovePermission, RemoveTagsFromResource
 * and DisableKey change the resource they name, and Purge empties it (PurgeQueue keeps the queue).
 */
const DELETE_PREFIXES = /^(Delete|Terminate|Deregister|Destroy|Release)(?=[A-Z])/;
/** A delete of a part of the resource named (DeleteBucketPolicy, DeleteTableTags): a change to it. */
const PART_SUFFIXES =
  /(Policy|Policies|Tags|Tagging|Configuration|Permission|Permissions|Attributes|Encryption|Lifecycle|Cors|Website|Replication|Notification|Notifications)$/;
const CREATE_PREFIXES = /^(Create|Run|Register|Allocate|Import|Launch|Restore|Copy|Upload)/;

/** The kind of a call on its own, from the table, then the general rules. */
export function classifyEventName(eventSource: string, eventName: string, readOnly: boolean): EventKind {
  const service = BY_SOURCE.get(eventSource);
  if (service) {
    if (Object.hasOwn(service.deletes, eventName)) return "deleted";
    if (Object.hasOwn(service.creates, eventName)) return "created";
    if (service.modifies.includes(eventName)) return "modified";
  }
  if (readOnly || READ_PREFIXES.test(eventName)) return "read";
  if (DELETE_PREFIXES.test(eventName)) return PART_SUFFIXES.test(eventName) ? "modified" : "deleted";
  if (CREATE_PREFIXES.test(eventName)) return "created";
  return "modified";
}

/**
 * The fields naming what the call creates or deletes, or `null` when the table does not know the call
 * (then any field naming the resource counts).
 */
export function targetFields(eventSource: string, eventName: string): readonly string[] | null {
  const service = BY_SOURCE.get(eventSource);
  if (!service) return null;
  if (Object.hasOwn(service.deletes, eventName)) return service.deletes[eventName]!;
  if (Object.hasOwn(service.creates, eventName)) return service.creates[eventName]!;
  return null;
}

/**
 * The delete-type event names the targeted scan looks up for a service: with `field`, those whose
 * target is that field (an `i-…` ID can only be deleted by a call naming an instanceId); for a service
 * the identifier itself names (an ARN), every delete; for a bare name, the table's scan list.
 */
export function scanEventNames(eventSource: string, field?: string, every = false): string[] {
  const service = BY_SOURCE.get(eventSource);
  if (!service) return [];
  const names = field
    ? Object.keys(service.deletes).filter((name) => service.deletes[name]!.includes(field))
    : every
      ? Object.keys(service.deletes)
      : service.scan;
  return names.filter((name) => !service.dataEvents.includes(name));
}

export function isDataEvent(eventSource: string, eventName: string): boolean {
  return BY_SOURCE.get(eventSource)?.dataEvents.includes(eventName) === true;
}
