import type { StorePlan } from "@/lib/events/api-contract";
import { formatSeconds } from "@/components/store/format-age";

export interface StoreFreshness {
  /** `store`: every part of the window came from the store; `partly`: some of it was read live. */
  kind: "store" | "partly" | "live" | "off" | "unavailable";
  text: string;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16) + " UTC";

/** " · as of 12:04 UTC (6 min ago)", or nothing while some source has no synced time yet. */
export function storeAsOf(plan: StorePlan, now: number): string {
  // The least fresh source bounds the answer: the newest time every source is held to.
  const held = plan.sources.map((s) => Date.parse(s.asOf ?? s.syncedTo ?? "")).filter(Number.isFinite);
  const asOf = held.length === plan.sources.length && held.length > 0 ? Math.min(...held) : null;
  return asOf === null ? "" : ` · as of ${clock(asOf)} (${formatSeconds((now - asOf) / 1000)} ago)`;
}

/** The Events page's one line on where an answer came from, from its `plan.store`, at `now`. */
export function describeStorePlan(plan: StorePlan | undefined, now: number): StoreFreshness | null {
  if (!plan) return null;
  if (plan.status === "off") return { kind: "off", text: "Read live: the event store is off." };
  if (plan.status === "unavailable") {
    return {
      kind: "unavailable",
      text: `Read live: the event store is unavailable (${plan.message ?? "no reason given"}).`,
    };
  }
  const segments = plan.sources.flatMap((s) => s.segments);
  const stored = segments.filter((s) => s.from === "store").length;
  const freshness = storeAsOf(plan, now);
  if (stored === segments.length && plan.sources.length > 0) {
    return { kind: "store", text: `Answered from the store${freshness}` };
  }
  if (stored > 0) {
    return {
      kind: "partly",
      text: `Partly from the store: ${stored} of ${segments.length} time segments; the rest read live${freshness}`,
    };
  }
  return { kind: "live", text: "Read live: the store does not hold this window yet (it is syncing)." };
}
