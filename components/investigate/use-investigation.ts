"use client";

import { useEffect, useState } from "react";
import type { BadRequestBody, SourceStatus } from "@/lib/events/api-contract";
import type {
  InvestigatePhase,
  InvestigateResponse,
  InvestigateStreamMessage,
} from "@/lib/investigate/contract";

export interface InvestigationState {
  phase: "searching" | "done" | "failed" | "bad-request";
  step: InvestigatePhase | null;
  sources: SourceStatus[];
  apiCalls: number;
  matched: number;
  result: InvestigateResponse | null;
  error: string | null;
  issues: { param: string; message: string }[];
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

/** Streams `/api/investigate` as NDJSON so the page shows per-region progress while the search runs. */
export function useInvestigation(query: string): InvestigationState {
  const [state, setState] = useState<InvestigationState>(INITIAL);

  useEffect(() => {
    // The page remounts the view (key = query) for a new search, so state starts fresh each time.
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
      const response = await fetch(`/api/investigate?${query}`, {
        headers: { Accept: "application/x-ndjson" },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const text = await response.text();
        let body: Partial<BadRequestBody> & { message?: string } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          body = { message: `The server answered HTTP ${response.status}.` };
        }
        setState((s) => ({
          ...s,
          phase: response.status === 400 ? "bad-request" : "failed",
          error: body.message ?? `The server answered HTTP ${response.status}.`,
          issues: body.issues ?? [],
        }));
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) handle(JSON.parse(line) as InvestigateStreamMessage);
          newline = buffer.indexOf("\n");
        }
      }
      if (buffer.trim()) handle(JSON.parse(buffer) as InvestigateStreamMessage);
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
  }, [query]);

  return state;
}
