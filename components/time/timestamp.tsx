"use client";

import { useSyncExternalStore } from "react";
import { formatTimestamp, type TimeZoneMode } from "@/lib/shared/time";
import { readTimeZone, subscribeTimeZone } from "./time-zone-preference";

/** The reader's time-zone choice; UTC on the server and during hydration, so the markup matches. */
export function useTimeZone(): TimeZoneMode {
  return useSyncExternalStore(subscribeTimeZone, readTimeZone, () => "utc");
}

/** A time in the one display format, in UTC or local time as chosen in the site nav. */
export function Timestamp({ iso, className }: { iso: string; className?: string }) {
  const tz = useTimeZone();
  return (
    <time dateTime={iso} className={className}>
      {formatTimestamp(iso, tz)}
    </time>
  );
}
