import { describeStorePlan, storeAsOf, type StoreFreshness } from "@/components/events/store-freshness";
import type { InvestigateResponse } from "@/lib/investigate/contract";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The Events page's store line for an investigation, with what it cost. Its lookups read events
 * rather than rows of a view, so a partly stored answer counts the events the store gave.
 */
export function describeInvestigationStore(
  result: Pick<InvestigateResponse, "store" | "searched" | "apiCalls">,
  now: number,
): StoreFreshness | null {
  const line = describeStorePlan(result.store, now);
  const plan = result.store;
  if (!line || plan?.status !== "open") return line;
  const calls = `${count(result.apiCalls)} API call${result.apiCalls === 1 ? "" : "s"}`;
  if (line.kind === "store" && result.apiCalls === 0) return { ...line, text: `${line.text} · ${calls}` };
  if (line.kind === "live") return line;
  const read = result.searched.reduce((n, s) => n + s.events, 0);
  const stored = result.searched.reduce((n, s) => n + s.storeEvents, 0);
  return {
    kind: "partly",
    text: `Partly from the store${storeAsOf(plan, now)}: ${count(stored)} of ${count(read)} events, ${calls}.`,
  };
}
