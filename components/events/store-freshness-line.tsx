"use client";

import { useEffect, useState } from "react";
import type { StorePlan } from "@/lib/events/api-contract";
import { RefreshStoreButton } from "@/components/store/refresh-store-button";
import { describeStorePlan, type StoreFreshness } from "./store-freshness";

/**
 * Says whether the view was answered from the event store and how fresh it is, with "Refresh now".
 * `describe` words it for another page (the investigation adds what its lookups cost).
 */
export function StoreFreshnessLine({
  plan,
  onRefreshed,
  describe = describeStorePlan,
}: {
  plan: StorePlan | undefined;
  onRefreshed: () => void;
  describe?: (plan: StorePlan | undefined, now: number) => StoreFreshness | null;
}) {
  // "3 min ago" keeps counting while the page stays open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const line = describe(plan, now);
  if (!line) return null;
  return (
    <p
      aria-label="Event store"
      className={`flex flex-wrap items-center gap-2 text-xs ${line.kind === "store" ? "text-emerald-800" : "text-slate-600"}`}
    >
      <span>{line.text}</span>
      {line.kind === "off" || line.kind === "unavailable" ? null : (
        <RefreshStoreButton onRefreshed={onRefreshed} />
      )}
    </p>
  );
}
