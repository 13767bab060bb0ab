"use client";

import { useCallback, useEffect, useState } from "react";
import { fetchNdjson } from "@/components/lib/api-client";
import type { SourceStatus } from "@/lib/events/api-contract";
import type {
  InvestigatePhase,
  InvestigateResponse,
  InvestigateStreamMessage,
} from "@/lib/investigate/contract";
import type { ParamIssue } from "@/lib/shared/params";

export interface InvestigationState {
  phase: "searching" | "done" | "failed" | "bad-request";
  step: InvestigatePhase | null;
  sources: SourceStatus[];
  apiCalls: number;
  matched: number;
  result: InvestigateResponse | null;
  error: string | null;
  issues: ParamIssue[];
}

const INITIAL: InvestigationState = {
  phase: "searching",
  step: null,
  sources: [],
  apiCalls: 0,
  matched: 0,
  result: null,
  error: null,
  issues: [],
};

/**
 * Streams `/api/investigate` as NDJSON so the page shows per-region progress while the search runs.
 * `retry` searches again (after "Refresh now" brought the store up to date).
 */
export function useInvestigation(query: string): { state: InvestigationState; retry: () => void } {
  const [state, setState] = useState<InvestigationState>(INITIAL);
  const [run, setRun] = useState(0);
  const retry = useCallback(() => {
    setState(INITIAL);
    setRun((n) => n + 1);
  }, []);

  useEffect(() => {
    // The page remounts the view (key = query) for a new search and retry resets it, so state starts fresh.
    const abort = new AbortController();
    const handle = (message: InvestigateStreamMessage) => {
      if (message.type === "progress") {
        setState((s) => ({
          ...s,
          step: message.phase,
          sources: message.sources,
          apiCalls: message.apiCalls,
          matched: message.matched,
        }));
      } else if (message.type === "result") {
        setState((s) => ({ ...s, phase: "done", result: message.result, apiCalls: message.result.apiCalls }));
      } else {
        setState((s) => ({ ...s, phase: "failed", error: message.message }));
      }
    };
    (async () => {
      const answer = await fetchNdjson<InvestigateStreamMessage>(`/api/investigate?${query}`, {
        signal: abort.signal,
      });
      if (!answer.ok) {
        const { status, message, issues } = answer.error;
        setState((s) => ({ ...s, phase: status === 400 ? "bad-request" : "failed", error: message, issues }));
        return;
      }
      for await (const message of answer.messages) handle(message);
      setState((s) =>
        s.phase === "searching" ? { ...s, phase: "failed", error: "The search ended without an answer." } : s,
      );
    })().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setState((s) => ({
        ...s,
        phase: "failed",
        error: error instanceof Error ? error.message : String(error),
      }));
    });
    return () => abort.abort();
  }, [query, run]);

  return { state, retry };
}
