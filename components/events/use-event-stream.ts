"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import type {
  BadRequestBody,
  ErrorBody,
  EventStreamMessage,
  QueryPlan,
  QueryWindow,
  SourceStatus,
} from "@/lib/events/api-contract";
import type { ParamIssue } from "@/lib/shared/params";

export type LoadPhase = "loading" | "done" | "stopped" | "failed" | "bad-request";

export interface EventStreamState {
  events: AuditEvent[];
  phase: LoadPhase;
  plan: QueryPlan | null;
  window: QueryWindow | null;
  sources: SourceStatus[];
  apiCalls: number;
  scanned: number;
  /** True only when the server said every source finished and nothing was cut off. */
  complete: boolean;
  truncated: boolean;
  cursor: string | null;
  error: string | null;
  issues: ParamIssue[];
}

const INITIAL: EventStreamState = {
  events: [],
  phase: "loading",
  plan: null,
  window: null,
  sources: [],
  apiCalls: 0,
  scanned: 0,
  complete: false,
  truncated: false,
  cursor: null,
  error: null,
  issues: [],
};

/** The same event can come back from a continuation; account and region make the ID unique across sources. */
export function eventKey(e: Pick<AuditEvent, "accountId" | "awsRegion" | "eventId">): string {
  return `${e.accountId}/${e.awsRegion}/${e.eventId}`;
}

async function readError(response: Response): Promise<{ message: string; issues: ParamIssue[] }> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<BadRequestBody> & Partial<ErrorBody>;
    const message = body.message ?? `The server answered HTTP ${response.status}.`;
    return { message: body.hint ? `${message} ${body.hint}` : message, issues: body.issues ?? [] };
  } catch {
    return { message: `The server answered HTTP ${response.status}.`, issues: [] };
  }
}

/**
 * Streams `/api/events` as NDJSON: rows reach the table as pages arrive, with per-source progress.
 * A new query aborts the previous one; `loadMore` continues a truncated answer from its cursor and
 * never adds an event already shown.
 */
export function useEventStream(apiQuery: string | null) {
  const [state, setState] = useState<EventStreamState>(INITIAL);
  const controller = useRef<AbortController | null>(null);
  const rows = useRef<{ list: AuditEvent[]; keys: Set<string> }>({ list: [], keys: new Set() });
  const apiCallsBefore = useRef(0);

  const run = useCallback(async (query: string, cursor: string | null) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    if (cursor === null) {
      rows.current = { list: [], keys: new Set() };
      apiCallsBefore.current = 0;
      setState(INITIAL);
    } else {
      setState((s) => ({ ...s, phase: "loading", error: null }));
    }

    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      const list = rows.current.list;
      setState((s) => (s.events.length === list.length ? s : { ...s, events: list.slice() }));
    };
    // Re-sorting 100k rows on every page would stall the page: hand rows to the table in batches.
    const scheduleFlush = () => {
      if (flushTimer !== null) return;
      flushTimer = setTimeout(flush, Math.max(150, rows.current.list.length / 100));
    };

    const url = `/api/events?${query}${cursor ? `${query ? "&" : ""}cursor=${encodeURIComponent(cursor)}` : ""}`;
    let finished = false;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/x-ndjson" },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const { message, issues } = await readError(response);
        setState((s) => ({
          ...s,
          phase: response.status === 400 ? "bad-request" : "failed",
          error: message,
          issues,
        }));
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      const handle = (message: EventStreamMessage) => {
        switch (message.type) {
          case "meta":
            setState((s) => ({ ...s, plan: message.plan, window: message.window, sources: message.sources }));
            break;
          case "events":
            for (const event of message.events) {
              const key = eventKey(event);
              if (rows.current.keys.has(key)) continue;
              rows.current.keys.add(key);
              rows.current.list.push(event);
            }
            scheduleFlush();
            break;
          case "progress":
            setState((s) => ({
              ...s,
              sources: message.sources,
              apiCalls: apiCallsBefore.current + message.apiCalls,
              scanned: message.scanned,
            }));
            break;
          case "done":
            finished = true;
            apiCallsBefore.current += message.apiCalls;
            setState((s) => ({
              ...s,
              phase: "done",
              sources: message.sources,
              apiCalls: apiCallsBefore.current,
              complete: message.complete,
              truncated: message.truncated,
              cursor: message.cursor,
            }));
            break;
          case "error":
            finished = true;
            setState((s) => ({ ...s, phase: "failed", error: message.message }));
            break;
        }
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (value) buffer += value;
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) handle(JSON.parse(line) as EventStreamMessage);
          newline = buffer.indexOf("\n");
        }
        if (done) break;
      }
      if (buffer.trim()) handle(JSON.parse(buffer) as EventStreamMessage);
      if (!finished) {
        setState((s) => ({
          ...s,
          phase: "failed",
          error: "The connection closed before the answer was complete; the rows shown are partial.",
        }));
      }
    } catch (error) {
      if (abort.signal.aborted) {
        if (controller.current === abort) setState((s) => ({ ...s, phase: "stopped" }));
        return;
      }
      setState((s) => ({
        ...s,
        phase: "failed",
        error: `Could not reach the Trailscope server (${error instanceof Error ? error.message : String(error)}).`,
      }));
    } finally {
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (controller.current === abort || !abort.signal.aborted) flush();
    }
  }, []);

  useEffect(() => {
    if (apiQuery === null) return;
    void run(apiQuery, null);
    return () => controller.current?.abort();
  }, [apiQuery, run]);

  const stop = useCallback(() => controller.current?.abort(), []);
  const loadMore = useCallback(() => {
    if (apiQuery !== null && state.cursor) void run(apiQuery, state.cursor);
  }, [apiQuery, run, state.cursor]);
  const retry = useCallback(() => {
    if (apiQuery !== null) void run(apiQuery, null);
  }, [apiQuery, run]);

  return { state, stop, loadMore, retry };
}
