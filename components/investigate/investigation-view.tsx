"use client";

import Link from "next/link";
import { eventHref } from "@/components/events/format";
import { StoreFreshnessLine } from "@/components/events/store-freshness-line";
import { Timestamp } from "@/components/time/timestamp";
import type { FailedAttempt, InvestigateResponse, LifecycleCycle } from "@/lib/investigate/contract";
import type { SourceStatus } from "@/lib/events/api-contract";
import { describeInvestigationStore } from "./investigation-store";
import { LifecycleTimeline } from "./lifecycle-timeline";
import { useInvestigation, type InvestigationState } from "./use-investigation";
import { VerdictCard } from "./verdict-card";
import { eventKey, sourceKey } from "@/lib/shared/event-keys";

const STEP_LABEL = {
  lookup: "Looking up the resource by name",
  "alternate-names": "Trying the other names the services use (ARNs, short names)",
  scan: "Nothing found by name: scanning delete events of the likely services",
  "write-scan": "Still nothing: scanning the newest write events of every service for a deletion",
} as const;

function Progress({ state }: { state: InvestigationState }) {
  const done = state.sources.filter((s) => s.state === "done" || s.state === "failed").length;
  return (
    <section aria-label="Search progress" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm">
      <p role="status" aria-live="polite" className="font-medium text-sky-900">
        <span aria-hidden className="mr-2 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />
        Searching… {state.step ? STEP_LABEL[state.step] : "starting"} ({done}/{state.sources.length} sources
        done, {state.apiCalls} API calls, {state.matched} matching events)
      </p>
      <SourceList sources={state.sources} />
    </section>
  );
}

function SourceList({ sources }: { sources: SourceStatus[] }) {
  if (sources.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {sources.map((s) => (
        <li
          key={sourceKey(s.accountId, s.region)}
          className={
            s.state === "failed" ? "text-red-700" : s.state === "done" ? "text-emerald-800" : "text-slate-600"
          }
        >
          {s.region} · {s.accountName || s.accountId}: {s.state}
          {s.error ? ` (${s.error.code})` : ""}
        </li>
      ))}
    </ul>
  );
}

function Cycles({ cycles }: { cycles: LifecycleCycle[] }) {
  return (
    <section aria-labelledby="cycles-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="cycles-title" className="text-base font-semibold">
        Lifecycles{" "}
        <span className="text-sm font-normal text-slate-500">(the name was used {cycles.length} times)</span>
      </h2>
      <ol className="mt-2 space-y-1.5 text-sm">
        {cycles.map((c, i) => (
          <li key={`${c.firstSeen}-${i}`}>
            <span className="font-medium">Cycle {i + 1}:</span>{" "}
            {c.created ? (
              <>
                created by {c.created.who.display} at{" "}
                <Link href={eventHref(c.created)} className="text-sky-800 hover:underline">
                  <Timestamp iso={c.created.eventTime} />
                </Link>
              </>
            ) : (
              <>
                first seen <Timestamp iso={c.firstSeen} />
              </>
            )}
            {" → "}
            {c.deleted ? (
              <>
                deleted by {c.deleted.who.display} at{" "}
                <Link href={eventHref(c.deleted)} className="text-sky-800 hover:underline">
                  <Timestamp iso={c.deleted.eventTime} />
                </Link>
              </>
            ) : (
              <>
                not deleted (last seen <Timestamp iso={c.lastSeen} />)
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function FailedAttempts({ attempts }: { attempts: FailedAttempt[] }) {
  return (
    <section aria-labelledby="failed-title" className="rounded-lg border border-amber-200 bg-white p-4">
      <h2 id="failed-title" className="text-base font-semibold">
        Failed delete attempts <span className="text-sm font-normal text-slate-500">(not the deletion)</span>
      </h2>
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">When</th>
            <th className="py-1 pr-3 font-medium">Who</th>
            <th className="py-1 pr-3 font-medium">Event</th>
            <th className="py-1 pr-3 font-medium">Error</th>
            <th className="py-1 font-medium">From</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={eventKey(a)} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-3 font-mono text-xs">
                <Timestamp iso={a.eventTime} />
              </td>
              <td className="py-1 pr-3">{a.who.display}</td>
              <td className="py-1 pr-3">
                <Link href={eventHref(a)} className="text-sky-800 hover:underline">
                  {a.eventName}
                </Link>
              </td>
              <td className="py-1 pr-3">
                <span className="font-mono text-xs text-amber-800">{a.errorCode}</span>
                {a.errorMessage ? (
                  <span className="block text-xs text-slate-600">{a.errorMessage}</span>
                ) : null}
              </td>
              <td className="py-1 font-mono text-xs">{a.sourceIPAddress ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Footer({ result, onRefreshed }: { result: InvestigateResponse; onRefreshed: () => void }) {
  const names = result.resource.lookedUp;
  return (
    <div className="text-xs text-slate-500">
      {result.store ? (
        <StoreFreshnessLine
          plan={result.store}
          onRefreshed={onRefreshed}
          describe={(plan, now) => describeInvestigationStore({ ...result, store: plan }, now)}
        />
      ) : null}
      <p>
        Searched {result.regionsSearched.join(", ")} in account
        {result.accountsSearched.length === 1 ? "" : "s"} {result.accountsSearched.join(", ")} from{" "}
        <Timestamp iso={result.window.start} /> to <Timestamp iso={result.window.end} />
        {result.scanned ? " · scanned delete events" : ""} · {result.apiCalls} API call
        {result.apiCalls === 1 ? "" : "s"}
      </p>
      <details className="mt-1">
        <summary className="cursor-pointer">
          Looked up {names.length} spelling{names.length === 1 ? "" : "s"} of the resource
        </summary>
        <ul className="mt-1 font-mono break-all">
          {names.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

export function InvestigationView({ query, resource }: { query: string; resource: string }) {
  const { state, retry } = useInvestigation(query);
  const result = state.result;

  if (state.phase === "bad-request" || state.phase === "failed") {
    return (
      <section role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
        <h2 className="font-semibold">
          {state.phase === "bad-request" ? "The search was rejected" : "The search failed"}
        </h2>
        <p className="mt-1">{state.error}</p>
        {state.issues.length > 0 ? (
          <ul className="mt-2 list-disc pl-5">
            {state.issues.map((i) => (
              <li key={`${i.param}:${i.message}`}>
                <code className="font-mono">{i.param}</code> {i.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    );
  }
  if (!result) return <Progress state={state} />;

  return (
    <div className="flex flex-col gap-4">
      <VerdictCard verdict={result.verdict} resource={resource} searched={result.searched} />
      {result.errors.length > 0 ? (
        <section
          role="alert"
          aria-label="Sources that failed"
          className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
        >
          <h2 className="font-semibold">Partial results: some regions could not be searched</h2>
          <ul className="mt-1 list-disc pl-5">
            {result.errors.map((e) => (
              <li key={sourceKey(e.accountId, e.region)}>
                {e.region} ({e.accountName || e.accountId}): {e.code}: {e.message} {e.hint}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.cycles.length > 1 ? <Cycles cycles={result.cycles} /> : null}
      {result.failedAttempts.length > 0 ? <FailedAttempts attempts={result.failedAttempts} /> : null}
      {result.timeline.length > 0 ? <LifecycleTimeline entries={result.timeline} /> : null}
      <Footer result={result} onRefreshed={retry} />
    </div>
  );
}
