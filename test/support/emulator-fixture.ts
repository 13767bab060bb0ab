import type { AuditEvent } from "../../lib/events/audit-event";
import type { EventStreamMessage } from "../../lib/events/api-contract";
import { normalizeRecord } from "../../lib/events/normalize";
import type { EventStore } from "../../emulator/store";

/**
 * Test-only helpers around a real emulator: the brute-force answer straight from its store (what
 * LookupEvents would return, normalized), and a reader for `streamEvents`' messages.
 */

export const eventKey = (e: Pick<AuditEvent, "accountId" | "awsRegion" | "eventId">) =>
  `${e.accountId}/${e.awsRegion}/${e.eventId}`;

/** Every management event of the store inside the inclusive window, for the given (account, region) pairs. */
export function storeEvents(
  store: EventStore,
  window: { start: Date; end: Date },
  sources?: { accountId: string; region: string }[],
): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (const { accountId, region, category, event } of store.entries()) {
    if (category !== "management") continue;
    if (event.time < window.start.getTime() || event.time > window.end.getTime()) continue;
    if (sources && !sources.some((s) => s.accountId === accountId && s.region === region)) continue;
    out.push(
      normalizeRecord(store.recordOf(event, accountId, region), {
        username: event.username,
        resources: event.resources,
        accessKeyId: event.accessKeyId,
        accountId,
        region,
      }),
    );
  }
  return out;
}

export interface StreamResult {
  events: AuditEvent[];
  messages: EventStreamMessage[];
  done: Extract<EventStreamMessage, { type: "done" }>;
}

export async function collect(stream: AsyncGenerator<EventStreamMessage>): Promise<StreamResult> {
  const messages: EventStreamMessage[] = [];
  const events: AuditEvent[] = [];
  for await (const message of stream) {
    messages.push(message);
    if (message.type === "events") events.push(...message.events);
  }
  const done = messages.at(-1);
  if (done?.type !== "done") throw new Error(`the stream ended with ${done?.type ?? "nothing"}`);
  return { events, messages, done };
}
