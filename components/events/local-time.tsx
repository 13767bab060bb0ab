"use client";

import { useSyncExternalStore } from "react";
import { formatEventTime } from "./format";

const noSubscription = () => () => {};

/** The browser's local time; the server cannot know the reader's time zone, so it renders nothing there. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatEventTime(iso, "local"),
    () => null,
  );
  return text === null ? null : <time dateTime={iso}>{text}</time>;
}
