"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import { countFacets, facetFilter, type FacetDefinition } from "@/lib/facets/facet-counts";
import { VIEW_URL_OPTIONS, filterKeys } from "@/lib/query/url-state";

/**
 * The most frequent values in the loaded events, per field; a click narrows the view to one value.
 * Counts are of the loaded set, which the heading says, since a truncated view is not the whole window.
 */
export function FacetPanel({ events, top = 6 }: { events: readonly AuditEvent[]; top?: number }) {
  // A facet's value is a filter value: the panel writes the filter parameters the filter bar shows.
  const [filters, setFilters] = useQueryStates(filterKeys, VIEW_URL_OPTIONS);
  const facets = useMemo(() => countFacets(events, { top }), [events, top]);
  const active = (facet: FacetDefinition, value: string) => filters[facet.param] === value;

  return (
    <aside aria-label="Facets" className="rounded-md border border-slate-200 bg-white p-3 text-sm">
      <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        In the {events.length.toLocaleString("en-US")} loaded events
      </h2>
      <div className="grid grid-cols-1 gap-3">
        {facets.map(({ facet, top: values, distinct }) => (
          <section key={facet.id} aria-label={`${facet.label} facet`}>
            <h3 className="mb-1 flex justify-between text-xs font-medium text-slate-700">
              {facet.label}
              <span className="font-normal text-slate-400">{distinct} distinct</span>
            </h3>
            {values.length === 0 ? (
              <p className="text-xs text-slate-400">none</p>
            ) : (
              <ul className="grid grid-cols-1 gap-0.5">
                {values.map(({ value, count }) => {
                  const on = active(facet, value);
                  const share = events.length > 0 ? count / events.length : 0;
                  return (
                    <li key={value}>
                      <button
                        type="button"
                        disabled={on}
                        title={
                          on
                            ? "Already filtered on this value"
                            : `Add ${facet.label} = ${value} to the filters`
                        }
                        onClick={() => void setFilters(facetFilter(facet, value))}
                        className="relative flex w-full items-center justify-between gap-2 overflow-hidden rounded px-1.5 py-0.5 text-left hover:bg-slate-100 disabled:cursor-default disabled:bg-sky-50"
                      >
                        <span
                          aria-hidden
                          className="absolute inset-y-0 left-0 bg-sky-100/70"
                          style={{ width: `${share * 100}%` }}
                        />
                        <span className="relative truncate">{value}</span>
                        <span className="relative shrink-0 text-xs text-slate-500 tabular-nums">{count}</span>
                      </button>
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
