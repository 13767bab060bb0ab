import {
  deriveResources,
  deriveUsername,
  recordReadOnly,
  type CloudTrailRecord,
  type LookupResource,
} from "./record";

/**
 * Events per (account, region, category), newest first, with one index per lookup attribute value, so
 * a LookupEvents page is two binary searches and a slice whatever the store's size.
 */

export const LOOKUP_ATTRIBUTE_KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const;
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

export type EventCategory = "management" | "insight";

export interface StoredEvent {
  eventId: string;
  /** Epoch milliseconds. */
  time: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  resources: LookupResource[];
  /** Absent for compact synthetic events; `EventStore.recordOf` then builds one from the fields. */
  record?: CloudTrailRecord;
}

export interface StoreEntry {
  accountId: string;
  region: string;
  category: EventCategory;
  event: StoredEvent;
}

/** A position in a partition's order: the last event a page returned. */
export interface Cursor {
  time: number;
  eventId: string;
}

export interface LookupQuery {
  accountId: string;
  region: string;
  category: EventCategory;
  attribute?: { key: LookupAttributeKey; value: string };
  /** Inclusive bounds, epoch milliseconds. */
  startMs: number;
  endMs: number;
  after?: Cursor;
  limit: number;
}

export interface LookupPage {
  events: StoredEvent[];
  more: boolean;
}

/** Newest first; equal timestamps ordered by event ID (descending) so pages are stable. */
export function compareEvents(a: Cursor, b: Cursor): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;
}

export function eventFromRecord(record: CloudTrailRecord): StoredEvent {
  return {
    eventId: record.eventID,
    time: Date.parse(record.eventTime),
    eventName: record.eventName ?? record.insightDetails?.eventName ?? "",
    eventSource: record.eventSource ?? record.insightDetails?.eventSource ?? "",
    readOnly: recordReadOnly(record),
    username: deriveUsername(record),
    accessKeyId: record.userIdentity?.accessKeyId || undefined,
    resources: deriveResources(record),
    record,
  };
}

function distinct(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

function attributeValues(event: StoredEvent, key: Exclude<LookupAttributeKey, "EventId">): string[] {
  switch (key) {
    case "EventName":
      return [event.eventName];
    case "ReadOnly":
      return [event.readOnly ? "true" : "false"];
    case "Username":
      return event.username ? [event.username] : [];
    case "ResourceType":
      return distinct(event.resources.map((r) => r.type));
    case "ResourceName":
      return distinct(event.resources.map((r) => r.name));
    case "EventSource":
      return [event.eventSource];
    case "AccessKeyId":
      return event.accessKeyId ? [event.accessKeyId] : [];
  }
}

const INDEXED_KEYS = [
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const satisfies readonly Exclude<LookupAttributeKey, "EventId">[];

class Partition {
  readonly events: StoredEvent[];
  /** Every index is built up front, so even the first lookup by an attribute answers in milliseconds. */
  private readonly index = new Map<Exclude<LookupAttributeKey, "EventId">, Map<string, number[]>>();
  /** Event IDs are unique: one position each rather than a list per value. */
  private readonly byId = new Map<string, number>();

  constructor(events: StoredEvent[]) {
    // Sources arrive (nearly) in time order, which the sort's run detection makes cheap.
    this.events = events.sort(compareEvents);
    for (const key of INDEXED_KEYS) this.index.set(key, new Map<string, number[]>());
    this.events.forEach((event, position) => {
      this.byId.set(event.eventId, position);
      for (const key of INDEXED_KEYS) {
        const map = this.index.get(key)!;
        for (const v of attributeValues(event, key)) {
          const list = map.get(v);
          if (list) list.push(position);
          else map.set(v, [position]);
        }
      }
    });
  }

  private positions(key: LookupAttributeKey, value: string): ArrayLike<number> | undefined {
    if (key === "EventId") {
      const position = this.byId.get(value);
      return position === undefined ? undefined : [position];
    }
    return this.index.get(key)?.get(value);
  }

  /** First position whose event comes after `probe` in the order (or equals it when `inclusive`). */
  private boundary(test: (event: StoredEvent) => boolean): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.events[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  lookup(query: LookupQuery): LookupPage {
    let from = this.boundary((e) => e.time <= query.endMs);
    const to = this.boundary((e) => e.time < query.startMs);
    const after = query.after;
    if (after)
      from = Math.max(
        from,
        this.boundary((e) => compareEvents(e, after) > 0),
      );
    const take = (positions: ArrayLike<number>, start: number): LookupPage => {
      const events: StoredEvent[] = [];
      let i = start;
      for (; i < positions.length && positions[i]! < to && events.length < query.limit; i++) {
        events.push(this.events[positions[i]!]!);
      }
      return { events, more: i < positions.length && positions[i]! < to };
    };
    if (!query.attribute) {
      const end = Math.min(to, from + query.limit);
      return { events: from < end ? this.events.slice(from, end) : [], more: end < to };
    }
    const positions = this.positions(query.attribute.key, query.attribute.value);
    if (!positions) return { events: [], more: false };
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid]! >= from) hi = mid;
      else lo = mid + 1;
    }
    return take(positions, lo);
  }
}

export class EventStore {
  private readonly partitions = new Map<string, Partition>();
  private readonly keys: { accountId: string; region: string; category: EventCategory }[] = [];
  readonly size: number;

  constructor(entries: Iterable<StoreEntry>) {
    const groups = new Map<
      string,
      { accountId: string; region: string; category: EventCategory; events: StoredEvent[] }
    >();
    let size = 0;
    for (const { accountId, region, category, event } of entries) {
      const key = partitionKey(accountId, region, category);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { accountId, region, category, events: [] }));
      group.events.push(event);
      size++;
    }
    for (const [key, group] of groups) {
      this.partitions.set(key, new Partition(group.events));
      this.keys.push({ accountId: group.accountId, region: group.region, category: group.category });
    }
    this.size = size;
  }

  accounts(): string[] {
    return [...new Set(this.keys.map((k) => k.accountId))].sort();
  }

  regions(accountId?: string): string[] {
    return [
      ...new Set(this.keys.filter((k) => !accountId || k.accountId === accountId).map((k) => k.region)),
    ].sort();
  }

  /** Every event of one partition, newest first (the order LookupEvents pages through). */
  events(accountId: string, region: string, category: EventCategory = "management"): readonly StoredEvent[] {
    return this.partitions.get(partitionKey(accountId, region, category))?.events ?? [];
  }

  *entries(): Generator<StoreEntry> {
    for (const key of this.keys) {
      for (const event of this.events(key.accountId, key.region, key.category)) yield { ...key, event };
    }
  }

  lookup(query: LookupQuery): LookupPage {
    const partition = this.partitions.get(partitionKey(query.accountId, query.region, query.category));
    return partition ? partition.lookup(query) : { events: [], more: false };
  }

  recordOf(event: StoredEvent, accountId: string, region: string): CloudTrailRecord {
    if (event.record) return event.record;
    return {
      eventVersion: "1.11",
      userIdentity: event.username
        ? {
            type: "IAMUser",
            accountId,
            arn: `arn:aws:iam::${accountId}:user/${event.username}`,
            userName: event.username,
            accessKeyId: event.accessKeyId,
          }
        : { type: "AWSService", invokedBy: event.eventSource },
      eventTime: new Date(event.time).toISOString().replace(/\.\d{3}Z$/, "Z"),
      eventSource: event.eventSource,
      eventName: event.eventName,
      awsRegion: region,
      sourceIPAddress: "203.0.113.10",
      userAgent: "aws-cli/2.22.10",
      requestParameters: null,
      responseElements: null,
      eventID: event.eventId,
      readOnly: event.readOnly,
      resources: event.resources.map((r) => ({ ARN: r.name, accountId, type: r.type })),
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: "Management",
    };
  }
}

function partitionKey(accountId: string, region: string, category: EventCategory): string {
  return `${accountId}|${region}|${category}`;
}
