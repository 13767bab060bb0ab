import "server-only";
import type { AuditEvent } from "../events/audit-event";
import { compilePage, type OriginFilter, type StoreCursor, type StoreQuery } from "./compile-query";
import { eventFromRow } from "./event-row";
import type { Store } from "./open-store";

export interface StorePage {
  events: AuditEvent[];
  /** Where the next page starts, when there is one. */
  next?: StoreCursor;
}

/** One page of matching events from the store, newest first (compile-query.ts's PAGE_ORDER). */
export async function queryStore(
  store: Store,
  query: StoreQuery,
  options: { limit: number; cursor?: StoreCursor; origin?: OriginFilter },
): Promise<StorePage> {
  const { sql, params } = compilePage(query, options);
  const rows = await store.read(async (connection) =>
    (await connection.runAndReadAll(sql, params)).getRows(),
  );
  const page = rows.slice(0, options.limit);
  const events = page.map((row) =>
    eventFromRow(String(row[4]), String(row[5]), row[6] === "archive" ? "archive" : "history"),
  );
  const last = page[page.length - 1];
  if (rows.length <= options.limit || !last) return { events };
  return {
    events,
    next: {
      eventMs: Number(last[0]),
      account: String(last[1]),
      region: String(last[2]),
      eventId: String(last[3]),
    },
  };
}
