import "server-only";
import type {
  Event as LookupEvent,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import type { FinalizeHandler, FinalizeHandlerArguments } from "@smithy/types";
import type { Account } from "../../aws/account";
import { verifyAccountIdentity } from "../../accounts/identity";
import type { AuditEvent } from "../../events/audit-event";
import { normalizeRecord } from "../../events/normalize";
import type { LOOKUP_PARAMS, LookupParam } from "../../events/lookup-attributes";
import { getSettings } from "../../config";
import { cloudTrailClient, sharedLimiter } from "../../aws/clients";
import { sourceKey } from "../../shared/event-keys";
import { abortError, toSourceError } from "../../aws/errors";
import { UpstreamError } from "../../events/errors";
import { LookupEventsCommand } from "../../aws/operations";
import type { Priority } from "../../aws/rate-limiter";

/** One (account, region): the unit CloudTrail keeps Event history and its rate limit for. */
export interface Source {
  account: Account;
  region: string;
}

export type LookupAttributeKey = (typeof LOOKUP_PARAMS)[LookupParam];

export interface LookupParams {
  /** LookupEvents' one lookup attribute. */
  attribute?: { key: LookupAttributeKey; value: string };
  /** Inclusive bounds; keep them fixed for a whole pagination run, or the NextToken becomes invalid. */
  start: Date;
  end: Date;
  eventCategory?: "insight";
  signal?: AbortSignal;
  /** The event store's sync asks for `background`: a user's live requests go first. */
  priority?: Priority;
}

export interface LookupPage {
  /** Normalized, newest first, one per LookupEvents entry. */
  events: AuditEvent[];
  nextToken?: string;
  /** HTTP requests this page took, retries included. */
  apiCalls: number;
}

/** LookupEvents answers at most 50 events per page. */
const PAGE_SIZE = 50;

function normalizeLookupEvent(event: LookupEvent, source: Source): AuditEvent {
  return normalizeRecord(event.CloudTrailEvent ?? {}, {
    username: event.Username,
    resources: event.Resources?.map((r) => ({ type: r.ResourceType ?? null, name: r.ResourceName ?? "" })),
    accessKeyId: event.AccessKeyId,
    eventId: event.EventId,
    eventTime: event.EventTime,
    eventName: event.EventName,
    eventSource: event.EventSource,
    readOnly: event.ReadOnly,
    accountId: source.account.id,
    region: source.region,
  });
}

/**
 * One LookupEvents page of a source (`token`: the NextToken of the previous page). Every attempt,
 * retries included, waits for the source's turn in the shared rate limiter; the SDK retries
 * throttling itself. A source whose credentials belong to another account is not read. Throws
 * `UpstreamError` (mapped, with a hint) or an `AbortError`.
 */
export async function lookupPage(
  source: Source,
  params: LookupParams & { token?: string },
): Promise<LookupPage> {
  const { signal } = params;
  try {
    signal?.throwIfAborted();
    const client = cloudTrailClient(source.account, source.region);
    await verifyAccountIdentity(source.account, source.region);
    const command = new LookupEventsCommand({
      StartTime: params.start,
      EndTime: params.end,
      MaxResults: PAGE_SIZE,
      ...(params.attribute
        ? {
            LookupAttributes: [
              { AttributeKey: params.attribute.key, AttributeValue: params.attribute.value },
            ],
          }
        : {}),
      ...(params.eventCategory ? { EventCategory: params.eventCategory } : {}),
      ...(params.token ? { NextToken: params.token } : {}),
    });
    const key = sourceKey(source.account.id, source.region);
    command.middlewareStack.addRelativeTo(
      (next: FinalizeHandler<LookupEventsCommandInput, LookupEventsCommandOutput>) =>
        async (args: FinalizeHandlerArguments<LookupEventsCommandInput>) => {
          await sharedLimiter().acquire(key, signal, params.priority ?? "live");
          return next(args);
        },
      { relation: "after", toMiddleware: "retryMiddleware", name: "trailscopeRateLimit", override: true },
    );
    const output = await client.send(command, { abortSignal: signal });
    return {
      events: (output.Events ?? []).map((event) => normalizeLookupEvent(event, source)),
      ...(output.NextToken ? { nextToken: output.NextToken } : {}),
      apiCalls: output.$metadata.attempts ?? 1,
    };
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(toSourceError(error, { source: getSettings().source, ...source }));
  }
}

/**
 * Every page of a source, newest first, from `startToken` (or the newest event) to the end of the
 * window. Stops early when the caller stops iterating or the signal aborts.
 */
export async function* lookupPages(
  source: Source,
  params: LookupParams & { startToken?: string },
): AsyncGenerator<LookupPage> {
  let token = params.startToken;
  for (;;) {
    const page = await lookupPage(source, { ...params, token });
    yield page;
    // A token equal to the one just used would loop forever; AWS never does it, a broken proxy might.
    if (!page.nextToken || page.nextToken === token) return;
    token = page.nextToken;
  }
}
