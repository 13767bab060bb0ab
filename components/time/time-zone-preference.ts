import type { TimeZoneMode } from "@/lib/shared/time";

/**
 * The reader's choice of UTC or local time for every page, kept in this browser. Server components
 * render UTC (the server cannot know the reader's zone); the client leaves switch after hydration.
 */

const STORAGE_KEY = "trailscope.timeZone";
const CHANGED = "trailscope:time-zone";

export function readTimeZone(): TimeZoneMode {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === "local" ? "local" : "utc";
  } catch {
    // Storage can be off (privacy settings): times stay in UTC.
    return "utc";
  }
}

export function writeTimeZone(mode: TimeZoneMode): void {
  try {
    if (mode === "utc") window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    // Without storage the choice lasts until the page is left.
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** Calls `onChange` when the choice changes in this tab or another one. */
export function subscribeTimeZone(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY || e.key === null) onChange();
  };
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}
