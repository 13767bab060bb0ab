"use client";

import type { SourceStatus } from "@/lib/events/api-contract";
import type { EventStreamState } from "./use-event-stream";

const STATE_STYLE: Record<SourceStatus["state"], string> = {
  pending: "text-slate-500",
  running: "text-sky-700",
  done: "text-emerald-700",
  failed: "text-red-700",
  cancelled: "text-amber-700",
};

const n = (value: number) => value.toLocaleString("en-US");

function summary(s: EventStreamState, shown: number): string {
  const count = `${n(shown)} event${shown === 1 ? "" : "s"}`;
  switch (s.phase) {
    case "loading":
      return `Loading… ${count} so far`;
    case "stopped":
      return `Stopped: ${count} loaded. The results are partial.`;
    case "failed":
      return shown > 0
        ? `${count} loaded before the query failed. The results are partial.`
        : "The query failed.";
    case "bad-request":
      return "The query was rejected.";
    case "done":
      if (s.complete) return count;
      if (s.truncated) return `${count} (more match: load more to continue)`;
      return `${count}. The results are incomplete: some sources failed.`;
  }
}

export function LoadStatus({
  state,
  shown,
  onStop,
  onLoadMore,
  onRetry,
}: {
  state: EventStreamState;
  shown: number;
  onStop: () => void;
  onLoadMore: () => void;
  onRetry: () => void;
}) {
  const failed = state.sources.filter((s) => s.state === "failed");
  const running = state.phase === "loading";
  const plan = state.plan;

  return (
    <section aria-label="Loading status" className="flex flex-col gap-1.5 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <p
          role="status"
          aria-live="polite"
          className={`font-medium ${state.phase === "done" && state.complete ? "text-slate-800" : "text-amber-800"}`}
        >
          {running ? (
            <span aria-hidden className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />
          ) : null}
          {summary(state, shown)}
        </p>
        <span className="text-xs text-slate-500">
          {n(state.apiCalls)} API call{state.apiCalls === 1 ? "" : "s"}
          {state.scanned > 0 ? ` · ${n(state.scanned)} scanned` : ""}
        </span>
        {running ? (
          <button
            type="button"
            onClick={onStop}
            className="h-7 rounded-md border border-slate-300 bg-white px-2.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            Stop
          </button>
        ) : null}
        {state.phase === "done" && state.truncated && state.cursor ? (
          <button
            type="button"
            onClick={onLoadMore}
            className="h-7 rounded-md bg-sky-700 px-2.5 text-xs font-medium text-white hover:bg-sky-600"
          >
            Load more
          </button>
        ) : null}
        {state.phase === "stopped" || state.phase === "failed" ? (
          <button
            type="button"
            onClick={onRetry}
            className="h-7 rounded-md border border-slate-300 bg-white px-2.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            Run again
          </button>
        ) : null}
        {plan?.archive ? (
          <span className="text-xs text-slate-500">
            Read from the trail archive:{" "}
            <span className="font-mono text-slate-700">
              {n(state.sources.reduce((sum, s) => sum + s.pages, 0))} log files
            </span>
            {plan.serverFilters.length > 0
              ? ` · filtered on the server: ${plan.serverFilters.join(", ")}`
              : ""}
          </span>
        ) : plan ? (
          <span className="text-xs text-slate-500">
            Sent to LookupEvents:{" "}
            <span className="font-mono text-slate-700">
              {plan.lookup ? `${plan.lookup.key}=${plan.lookup.value}` : "no lookup attribute"}
            </span>
            {plan.serverFilters.length > 0
              ? ` · filtered on the server: ${plan.serverFilters.join(", ")}`
              : ""}
          </span>
        ) : null}
      </div>

      {state.error && state.phase !== "bad-request" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          {state.error}
        </p>
      ) : null}

      {failed.length > 0 ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
          <p className="font-medium">
            {failed.length} of {state.sources.length} source{state.sources.length === 1 ? "" : "s"} failed;
            their events are missing from the table.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {failed.map((s) => (
              <li key={`${s.accountId}/${s.region}`}>
                <span className="font-medium">
                  {s.accountName} ({s.accountId}) {s.region}
                </span>
                : {s.error?.code ?? "Error"}: {s.error?.message}
                {s.error?.hint ? <span className="block text-red-800">{s.error.hint}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {state.sources.length > 0 ? (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer select-none">
            Sources: {state.sources.filter((s) => s.state === "done").length}/{state.sources.length} done
          </summary>
          <ul
            aria-label="Sources"
            className="mt-1 grid grid-cols-[repeat(auto-fill,minmax(280px,1fr))] gap-x-4 gap-y-0.5"
          >
            {state.sources.map((s) => (
              <li key={`${s.accountId}/${s.region}`} className="flex gap-2">
                <span className="truncate">
                  {s.accountName} · {s.region}
                </span>
                <span className={STATE_STYLE[s.state]}>{s.state}</span>
                <span className="text-slate-500">
                  {n(s.pages)} {plan?.archive ? "file" : "page"}
                  {s.pages === 1 ? "" : "s"}, {n(s.events)} events
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
