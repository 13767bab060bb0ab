"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import type { AuditEvent } from "@/lib/events/audit-event";
import { FACETS, countFacets, facetFilter, type FacetDefinition } from "@/lib/facets/facet-counts";
import { VIEW_URL_OPTIONS, filterKeys } from "@/lib/query/url-state";
import type { WindowStatsState } from "./use-window-stats";

/**
 * The most frequent values per field; a click narrows the view to one value. With the event store
 * open the counts are of every matching event of the window (`/api/events/stats`); otherwise of the
 * loaded rows, which the heading says, since a truncated view is not the whole window.
 */
export function FacetPanel({
  events,
  stats = { kind: "rows", reason: "" },
  windowWords = "of this time window",
  top = 6,
}: {
  events: readonly AuditEvent[];
  stats?: WindowStatsState;
  /** "of the last 7 days": the window the whole-window counts are of. */
  windowWords?: string;
  top?: number;
}) {
  // A facet's value is a filter value: the panel writes the filter parameters the filter bar shows.
  const [filters, setFilters] = useQueryStates(filterKeys, VIEW_URL_OPTIONS);
  const loaded = useMemo(() => countFacets(events, { top }), [events, top]);
  const whole = stats.kind === "store" ? stats.stats : null;
  const facets = whole
    ? FACETS.map((facet) => ({ facet, top: (whole.facets[facet.id] ?? []).slice(0, top), distinct: null }))
    : loaded;
  const total = whole ? whole.total : events.length;
  const active = (facet: FacetDefinition, value: string) => filters[facet.param] === value;

  return (
    <aside aria-label="Facets" className="rounded-md border border-slate-200 bg-white p-3 text-sm">
      <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {whole
          ? `In ${total.toLocaleString("en-US")} events ${windowWords}`
          : `In the ${total.toLocaleString("en-US")} loaded events`}
      </h2>
      <p className="mb-2 text-xs text-slate-500">
        {stats.kind === "loading"
          ? "Counting the whole window…"
          : whole
            ? whole.coverage.complete
              ? "Counted in the event store over the whole window."
              : "Counted in the event store; some of the window could not be read, so these are the events held."
            : // A server message ends with its own full stop; a parameter issue does not.
              `Counted in the loaded rows${stats.kind === "rows" && stats.reason ? `: ${stats.reason.replace(/\.$/, "")}` : ""}.`}
      </p>
      <div className="grid grid-cols-1 gap-3">
        {facets.map(({ facet, top: values, distinct }) => (
          <section key={facet.id} aria-label={`${facet.label} facet`}>
            <h3 className="mb-1 flex justify-between text-xs font-medium text-slate-700">
              {facet.label}
              {distinct === null ? null : (
                <span className="font-normal text-slate-400">{distinct} distinct</span>
              )}
            </h3>
            {values.length === 0 ? (
              <p className="text-xs text-slate-400">none</p>
            ) : (
              <ul className="grid grid-cols-1 gap-0.5">
                {values.map(({ value, count }) => {
                  const on = active(facet, value);
                  const share = total > 0 ? count / total : 0;
                  return (
                    <li key={value}>
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={on}
                        title={
                          on
                            ? "Already filtered on this value"
                            : `Add ${facet.label} = ${value} to the filters`
                        }
                        onClick={() => void setFilters(facetFilter(facet, value))}
                        // The chosen value stays readable: it is highlighted, not greyed out.
                        className="relative w-full justify-between gap-2 overflow-hidden rounded px-1.5 py-0.5 text-left text-sm font-normal text-inherit disabled:cursor-default disabled:bg-sky-50 disabled:text-inherit"
                      >
                        <span
                          aria-hidden
                          className="absolute inset-y-0 left-0 bg-sky-100/70"
                          style={{ width: `${share * 100}%` }}
                        />
                        <span className="relative truncate">{value}</span>
                        <span className="relative shrink-0 text-xs text-slate-500 tabular-nums">{count}</span>
                      </Button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </div>
    </aside>
  );
}
