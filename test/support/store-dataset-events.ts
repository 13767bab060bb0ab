import type { AuditEvent } from "@/lib/events/audit-event";
import { normalizeRecord } from "@/lib/events/normalize";
import { generateDataset } from "@/emulator/dataset/generate";
import { openStore, type Store } from "../../lib/store/open-store";

/**
 * The emulator's demo dataset as the app sees it: every management event normalized the way the
 * LookupEvents path normalizes it (lib/cloudtrail/lookup.ts), with the lookup fields next to the record.
 */
export function datasetEvents({ now, eventCount, seed }: { now: Date; eventCount: number; seed: number }) {
  const { store } = generateDataset({ now, eventCount, seed });
  const events: AuditEvent[] = [];
  for (const entry of store.entries()) {
    if (entry.category !== "management") continue;
    const { event } = entry;
    events.push(
      normalizeRecord(store.recordOf(event, entry.accountId, entry.region), {
        username: event.username,
        resources: event.resources.map((r) => ({ type: r.type, name: r.name })),
        accessKeyId: event.accessKeyId,
        eventId: event.eventId,
        eventTime: new Date(event.time),
        eventName: event.eventName,
        eventSource: event.eventSource,
        readOnly: event.readOnly,
        accountId: entry.accountId,
        region: entry.region,
      }),
    );
  }
  return events;
}

export async function openMemoryStore(): Promise<Store> {
  const opened = await openStore({ kind: "memory" });
  if (opened.status !== "open") throw new Error(`memory store did not open: ${JSON.stringify(opened)}`);
  return opened.store;
}

/** PAGE_ORDER (compile-query.ts) in JavaScript: the order the store must return. */
export function comparePageOrder(a: AuditEvent, b: AuditEvent): number {
  const keys = (e: AuditEvent) => [e.accountId, e.awsRegion, e.eventId];
  const time = Date.parse(b.eventTime) - Date.parse(a.eventTime);
  if (time !== 0) return time;
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! !== kb[i]!) return ka[i]! < kb[i]! ? 1 : -1;
  }
  return 0;
}
