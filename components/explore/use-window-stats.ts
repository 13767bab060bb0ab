"use client";

import { useEffect, useState } from "react";
import { fetchJson } from "@/components/lib/api-client";
import { DEFAULT_RANGE } from "@/lib/query/event-query";
import type { WindowStats } from "@/lib/sync/window-stats";

/**
 * Whole-window facets and histogram from `/api/events/stats`, or why the loaded rows must do instead
 * (the store is off or unavailable: 409; the archive: 400). Asked once the rows have loaded, so the two
 * requests never read the same uncovered time from LookupEvents side by side.
 */
export type WindowStatsState =
  { kind: "loading" } | { kind: "store"; stats: WindowStats } | { kind: "rows"; reason: string };

export function useWindowStats(apiQuery: string | null, ready: boolean): WindowStatsState {
  const [state, setState] = useState<{ query: string; value: WindowStatsState } | null>(null);

  useEffect(() => {
    if (apiQuery === null || !ready) return;
    const abort = new AbortController();
    fetchJson<WindowStats>(`/api/events/stats?${apiQuery}`, { signal: abort.signal })
      .then(
        (answer): WindowStatsState =>
          answer.ok
            ? { kind: "store", stats: answer.value }
            : // A 400 names what rules the whole window out (the archive, a window past 90 days).
              { kind: "rows", reason: answer.error.issues[0]?.message ?? answer.error.message },
        (error: unknown): WindowStatsState => ({
          kind: "rows",
          reason: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((value) => {
        if (!abort.signal.aborted) setState({ query: apiQuery, value });
      });
    return () => abort.abort();
  }, [apiQuery, ready]);

  return state && state.query === apiQuery ? state.value : { kind: "loading" };
}

const RANGE_WORDS: Record<string, string> = {
  "15m": "15 minutes",
  "30m": "30 minutes",
  "1h": "hour",
  "3h": "3 hours",
  "12h": "12 hours",
  "1d": "day",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
};

/** "of the last 7 days" for a preset, "of this time window" for a custom one. */
export function windowWords(params: URLSearchParams): string {
  const range = params.get("range") ?? (params.has("start") || params.has("end") ? null : DEFAULT_RANGE);
  const words = range ? RANGE_WORDS[range] : undefined;
  return words ? `of the last ${words}` : "of this time window";
}
