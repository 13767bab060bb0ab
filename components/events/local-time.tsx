"use client";

import { useSyncExternalStore } from "react";
import { formatTimestamp } from "@/lib/shared/time";

const noSubscription = () => () => {};

/** The browser's local time; the server cannot know the reader's time zone, so it renders nothing there. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatTimestamp(iso, "local"),
    () => null,
  );
  return text === null ? null : <time dateTime={iso}>{text}</time>;
}
