import { createHash } from "node:crypto";
import { AwsError } from "./errors";
import {
  LOOKUP_ATTRIBUTE_KEYS,
  type Cursor,
  type EventCategory,
  type EventStore,
  type LookupAttributeKey,
  type StoredEvent,
} from "./store";

/** LookupEvents as CloudTrail answers it (DESIGN.md §2): validation, paging tokens, response shape. */

const DAY_MS = 86_400_000;
const INSIGHT_KEYS: readonly LookupAttributeKey[] = ["EventId", "EventName", "EventSource"];

export interface LookupContext {
  store: EventStore;
  accountId: string;
  region: string;
  /** Event history keeps 90 days; a store of real log files (no retention) passes undefined. */
  retentionStartMs?: number;
  nowMs: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 1000);
  // The JSON protocol sends epoch seconds; some clients send ISO strings, which AWS also tolerates.
  if (typeof value === "string" && value.trim()) {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return Math.round(asNumber * 1000);
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new AwsError("SerializationException", `${name} must be a timestamp (epoch seconds)`);
}

interface ParsedLookup {
  attribute?: { key: LookupAttributeKey; value: string };
  startMs: number;
  endMs: number;
  category: EventCategory;
  limit: number;
  token?: string;
}

function parseRequest(body: Record<string, unknown>, ctx: LookupContext): ParsedLookup {
  const attributes = body.LookupAttributes ?? [];
  if (!Array.isArray(attributes)) {
    throw new AwsError("SerializationException", "LookupAttributes must be a list");
  }
  if (attributes.length > 1) {
    throw new AwsError(
      "InvalidLookupAttributesException",
      "You can only specify one lookup attribute per request: LookupAttributes contains more than one item.",
    );
  }
  let attribute: ParsedLookup["attribute"];
  const first: unknown = attributes[0];
  if (first !== undefined) {
    if (!isRecord(first))
      throw new AwsError("SerializationException", "LookupAttributes items must be objects");
    const key = first.AttributeKey;
    const value = first.AttributeValue;
    if (typeof key !== "string" || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
      throw new AwsError(
        "InvalidLookupAttributesException",
        `Invalid AttributeKey '${String(key)}': valid keys are ${LOOKUP_ATTRIBUTE_KEYS.join(", ")}.`,
      );
    }
    if (typeof value !== "string" || value.length < 1 || value.length > 2000) {
      throw new AwsError(
        "InvalidLookupAttributesException",
        "AttributeValue must be a string of 1 to 2000 characters.",
      );
    }
    if (key === "ReadOnly" && value !== "true" && value !== "false") {
      throw new AwsError(
        "InvalidLookupAttributesException",
        "The ReadOnly attribute value must be true or false.",
      );
    }
    attribute = { key: key as LookupAttributeKey, value };
  }

  let category: EventCategory = "management";
  if (body.EventCategory !== undefined && body.EventCategory !== null) {
    if (body.EventCategory !== "insight") {
      throw new AwsError(
        "InvalidEventCategoryException",
        `Invalid EventCategory '${String(body.EventCategory)}': the only supported value is insight.`,
      );
    }
    category = "insight";
    if (attribute && !INSIGHT_KEYS.includes(attribute.key)) {
      throw new AwsError(
        "InvalidLookupAttributesException",
        `Insights events can be looked up only by ${INSIGHT_KEYS.join(", ")}; ${attribute.key} is not supported.`,
      );
    }
  }

  let limit = 50;
  if (body.MaxResults !== undefined && body.MaxResults !== null) {
    const max = body.MaxResults;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 50) {
      throw new AwsError("InvalidMaxResultsException", "MaxResults must be an integer between 1 and 50.");
    }
    limit = max;
  }

  const start = parseTime(body.StartTime, "StartTime");
  const end = parseTime(body.EndTime, "EndTime");
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError("InvalidTimeRangeException", "Start time must be earlier than or equal to end time.");
  }
  const oldest = ctx.retentionStartMs ?? Number.MIN_SAFE_INTEGER;
  const startMs = Math.max(start ?? oldest, oldest);
  const endMs = end ?? (ctx.retentionStartMs === undefined ? Number.MAX_SAFE_INTEGER : ctx.nowMs + DAY_MS);

  let token: string | undefined;
  if (body.NextToken !== undefined && body.NextToken !== null) {
    if (typeof body.NextToken !== "string" || body.NextToken.length === 0) {
      throw new AwsError("InvalidNextTokenException", "Invalid NextToken.");
    }
    token = body.NextToken;
  }
  return { attribute, startMs, endMs, category, limit, token };
}

/** The parameters a token is bound to: everything but MaxResults and the token itself. */
function queryHash(q: ParsedLookup, ctx: LookupContext, start: unknown, end: unknown): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        ctx.accountId,
        ctx.region,
        q.category,
        q.attribute?.key,
        q.attribute?.value,
        start,
        end,
      ]),
    )
    .digest("base64url")
    .slice(0, 16);
}

function encodeToken(cursor: Cursor, hash: string): string {
  return Buffer.from(JSON.stringify({ t: cursor.time, i: cursor.eventId, h: hash })).toString("base64url");
}

function decodeToken(token: string, hash: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw new AwsError("InvalidNextTokenException", "Invalid NextToken: the token is malformed.");
  }
  if (
    !isRecord(parsed) ||
    typeof parsed.t !== "number" ||
    typeof parsed.i !== "string" ||
    typeof parsed.h !== "string"
  ) {
    throw new AwsError("InvalidNextTokenException", "Invalid NextToken: the token is malformed.");
  }
  if (parsed.h !== hash) {
    throw new AwsError(
      "InvalidNextTokenException",
      "Invalid NextToken: a token must be used with the same parameters as the request that returned it.",
    );
  }
  return { time: parsed.t, eventId: parsed.i };
}

export function toApiEvent(ctx: LookupContext, event: StoredEvent): Record<string, unknown> {
  const record = ctx.store.recordOf(event, ctx.accountId, ctx.region);
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    ...(event.accessKeyId ? { AccessKeyId: event.accessKeyId } : {}),
    EventTime: event.time / 1000,
    EventSource: event.eventSource,
    ...(event.username ? { Username: event.username } : {}),
    Resources: event.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

export function lookupEvents(body: Record<string, unknown>, ctx: LookupContext): Record<string, unknown> {
  const q = parseRequest(body, ctx);
  const hash = queryHash(q, ctx, body.StartTime ?? null, body.EndTime ?? null);
  const after = q.token === undefined ? undefined : decodeToken(q.token, hash);
  const page = ctx.store.lookup({
    accountId: ctx.accountId,
    region: ctx.region,
    category: q.category,
    attribute: q.attribute,
    startMs: q.startMs,
    endMs: q.endMs,
    after,
    limit: q.limit,
  });
  const last = page.events.at(-1);
  return {
    Events: page.events.map((e) => toApiEvent(ctx, e)),
    ...(page.more && last ? { NextToken: encodeToken(last, hash) } : {}),
  };
}
