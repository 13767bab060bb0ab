"use client";

import { useEffect, useState } from "react";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import type { SourceSyncStatus, StoreStatus } from "@/lib/sync/store-status";
import { formatSeconds } from "./format-age";
import { RefreshStoreButton } from "./refresh-store-button";

/** While a backfill runs the numbers move every few seconds; idle, a slower poll keeps the lag honest. */
const POLL_MS = 3_000;

const n = (value: number) => value.toLocaleString("en-US");
const when = (iso: string | null) => (iso ? <Timestamp iso={iso} /> : "—");

function SourceRow({ source }: { source: SourceSyncStatus }) {
  const { backfill } = source;
  const percent = Math.floor(backfill.progress * 100);
  return (
    <tr className="border-t border-slate-100 align-top">
      <th scope="row" className="py-1.5 pr-3 text-left font-medium">
        {source.accountId} · {source.region}
      </th>
      <td className="py-1.5 pr-3 font-mono text-xs">
        {source.syncedFrom ? (
          <>
            {when(source.syncedFrom)} → {when(source.syncedTo)}
          </>
        ) : (
          "nothing yet"
        )}
      </td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{n(source.events)}</td>
      <td className="py-1.5 pr-3 font-mono text-xs">{when(source.lastRefresh)}</td>
      <td className="py-1.5 pr-3">{source.lagSeconds === null ? "—" : formatSeconds(source.lagSeconds)}</td>
      <td className="py-1.5 pr-3">
        <div className="flex items-center gap-2">
          <progress
            aria-label={`Backfill of ${source.accountId} ${source.region}`}
            max={100}
            value={percent}
          />
          <span className="tabular-nums">{backfill.done ? "done" : `${percent}%`}</span>
          {!backfill.done && backfill.etaSeconds !== null ? (
            <span className="text-xs text-slate-500">about {formatSeconds(backfill.etaSeconds)} left</span>
          ) : null}
        </div>
      </td>
      <td className="py-1.5 pr-3">
        <Badge tone={source.phase === "failed" ? "red" : source.phase === "idle" ? "green" : "sky"}>
          {source.phase}
        </Badge>
      </td>
      <td className="py-1.5 text-xs break-all text-red-800">{source.error ?? ""}</td>
    </tr>
  );
}

/** The event store page: what each source holds, how fresh, the backfill, errors, and "Refresh now". */
export function StoreStatusView() {
  const [status, setStatus] = useState<StoreStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch("/api/store/status", { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as StoreStatus;
        if (!stopped) {
          setStatus(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped)
          setError(`Could not read the store status (${e instanceof Error ? e.message : String(e)}).`);
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (error && !status) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
    );
  }
  if (!status) return <p className="text-sm text-slate-500">Reading the store status…</p>;
  if (status.status !== "open") {
    return (
      <p
        role="alert"
        className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        {status.status === "off"
          ? "The event store is off (TRAILSCOPE_STORE=off): every view reads Event history live."
          : `The event store is unavailable: ${status.message ?? "no reason given"}. Views read Event history live.`}
      </p>
    );
  }
  const held = status.sources.reduce((sum, s) => sum + s.events, 0);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p>
          {n(held)} events held in <span className="font-mono text-xs">{status.location}</span> · synced back{" "}
          {status.syncDays} days · refreshed every {formatSeconds(status.syncIntervalSeconds)}
        </p>
        <RefreshStoreButton onRefreshed={setStatus} />
      </div>
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white p-3">
        <table aria-label="Sources in the store" className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className="pb-1 font-medium">
                Source
              </th>
              <th scope="col" className="pb-1 font-medium">
                Synced range
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                Events held
              </th>
              <th scope="col" className="pb-1 font-medium">
                Last refresh
              </th>
              <th scope="col" className="pb-1 font-medium">
                Lag behind now
              </th>
              <th scope="col" className="pb-1 font-medium">
                Backfill
              </th>
              <th scope="col" className="pb-1 font-medium">
                Phase
              </th>
              <th scope="col" className="pb-1 font-medium">
                Error
              </th>
            </tr>
          </thead>
          <tbody>
            {status.sources.map((s) => (
              <SourceRow key={`${s.accountId}/${s.region}`} source={s} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
