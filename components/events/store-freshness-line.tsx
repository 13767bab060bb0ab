"use client";

import { useEffect, useState } from "react";
import type { StorePlan } from "@/lib/events/api-contract";
import { RefreshStoreButton } from "@/components/store/refresh-store-button";
import { describeStorePlan } from "./store-freshness";

/** Says whether the view was answered from the event store and how fresh it is, with "Refresh now". */
export function StoreFreshnessLine({
  plan,
  onRefreshed,
}: {
  plan: StorePlan | undefined;
  onRefreshed: () => void;
}) {
  // "3 min ago" keeps counting while the page stays open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const line = describeStorePlan(plan, now);
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
