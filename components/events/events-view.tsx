"use client";

import type { RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { readsSeveralAccounts, type AccountOption } from "@/lib/accounts/account-selection";
import { ScopeBar } from "@/components/accounts/scope-bar";
import { Button } from "@/components/ui/button";
import type { AuditEvent } from "@/lib/events/audit-event";
import { MAX_COMPARED, compareHref, compareIdFromRowKey } from "@/lib/query/compare-events";
import {
  apiSearchParams,
  parseView,
  withColumns,
  withParams,
  withSort,
  withTimeRange,
  type ColumnId,
  type SortState,
} from "@/lib/query/url-state";
import { ActivityChart } from "@/components/explore/activity-chart";
import { ExportButton } from "@/components/explore/export-button";
import { FacetPanel } from "@/components/explore/facet-panel";
import { useWindowStats, windowWords } from "@/components/explore/use-window-stats";
import { SavedViews } from "@/components/explore/saved-views";
import { ColumnChooser } from "./column-chooser";
import { TimeZoneContext } from "./event-cells";
import { EventSidePanel } from "./event-side-panel";
import { EventsTable } from "./events-table";
import { FilterBar } from "./filter-bar";
import { LoadStatus } from "./load-status";
import { QueryErrorPanel } from "./query-error-panel";
import { StoreFreshnessLine } from "./store-freshness-line";
import { TimeRangePicker } from "./time-range-picker";
import { eventKey, useEventStream, type EventStreamState } from "./use-event-stream";
import { useViewUrl } from "./use-view-url";

function emptyMessage(state: EventStreamState): string {
  switch (state.phase) {
    case "loading":
      return "Loading events…";
    case "stopped":
      return "Stopped before any event arrived.";
    case "failed":
    case "bad-request":
      return "No events could be loaded: see the error above.";
    case "done":
      return state.complete || state.truncated
        ? "No events match these filters in this time window."
        : "No events were loaded and the answer is incomplete: see the failed sources above.";
  }
}

function CompareBar({
  selected,
  notice,
  onClear,
}: {
  selected: string[];
  notice: string | null;
  onClear: () => void;
}) {
  if (selected.length === 0 && !notice) return null;
  return (
    <div
      role="region"
      aria-label="Compare"
      className="flex flex-wrap items-center gap-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-1.5 text-sm"
    >
      <span>
        {selected.length} of {MAX_COMPARED} selected to compare
      </span>
      {selected.length >= 2 ? (
        <Button asChild variant="primary" size="sm">
          <Link href={compareHref(selected.map(compareIdFromRowKey))}>Compare</Link>
        </Button>
      ) : (
        <Button variant="primary" size="sm" disabled title="Select at least two events">
          Compare
        </Button>
      )}
      <Button variant="ghost" size="sm" onClick={onClear}>
        Clear selection
      </Button>
      {notice ? (
        <p role="alert" className="font-medium text-amber-800">
          {notice}
        </p>
      ) : null}
    </div>
  );
}

/** The Events page's interactive part: everything it shows is derived from the URL. */
export function EventsView({ regions, accounts }: { regions: string[]; accounts: AccountOption[] }) {
  const { params, navigate } = useViewUrl();
  const view = useMemo(() => parseView(params), [params]);
  const apiQuery = view.ok ? apiSearchParams(params).toString() : null;
  const { state, stop, loadMore, retry } = useEventStream(apiQuery);
  const archive = params.get("source") === "archive";
  const stats = useWindowStats(apiQuery, state.phase === "done");
  const words = windowWords(params);

  const openId = view.ok ? view.page.event : null;
  const openEvent = useMemo(
    () => (openId ? (state.events.find((e) => e.eventId === openId) ?? null) : null),
    [openId, state.events],
  );

  // Rows of several accounts need their account named; an explicit column choice is left as chosen.
  const several = readsSeveralAccounts(params.get("account"), archive ? Infinity : accounts.length);
  const chosen = view.ok ? view.page.columns : null;
  const columns = useMemo(
    () =>
      chosen && !params.has("columns") && several && !chosen.includes("account")
        ? chosen.flatMap((c): ColumnId[] => (c === "when" ? [c, "account"] : [c]))
        : (chosen ?? []),
    [chosen, params, several],
  );

  const onOpen = useCallback(
    (event: AuditEvent) =>
      navigate(withParams(params, { event: event.eventId }), { replace: params.has("event") }),
    [navigate, params],
  );
  const onClose = useCallback(() => {
    if (params.has("event")) navigate(withParams(params, { event: null }));
  }, [navigate, params]);
  const onSort = useCallback((sort: SortState) => navigate(withSort(params, sort)), [navigate, params]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [selectionNotice, setSelectionNotice] = useState<string | null>(null);
  const selected = useMemo(
    () => Object.keys(rowSelection).filter((key) => rowSelection[key]),
    [rowSelection],
  );
  const onSelection = useCallback((next: RowSelectionState) => {
    if (Object.values(next).filter(Boolean).length > MAX_COMPARED) {
      setSelectionNotice(
        `At most ${MAX_COMPARED} events can be compared side by side: clear one before adding another.`,
      );
      return;
    }
    setSelectionNotice(null);
    setRowSelection(next);
  }, []);
  const onColumns = useCallback(
    (columns: ColumnId[]) => navigate(withColumns(params, columns)),
    [navigate, params],
  );

  if (!view.ok) return <QueryErrorPanel issues={view.issues} />;
  const { page } = view;

  return (
    <TimeZoneContext value={page.tz}>
      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-lg font-semibold tracking-tight">
            {archive ? "Trail archive" : "Event history"}
          </h1>
          <TimeRangePicker params={params} tz={page.tz} window={state.window} onChange={navigate} />
        </div>
        <ScopeBar accounts={accounts} params={params} onChange={navigate} />
        <FilterBar params={params} regions={regions} onChange={navigate} />
        {state.phase === "bad-request" ? (
          <QueryErrorPanel issues={state.issues} title={state.error ?? "The server rejected this query"} />
        ) : null}
        {state.plan?.store ? <StoreFreshnessLine plan={state.plan.store} onRefreshed={retry} /> : null}
        <div className="flex flex-wrap items-end justify-between gap-2">
          <LoadStatus
            state={state}
            shown={state.events.length}
            onStop={stop}
            onLoadMore={loadMore}
            onRetry={retry}
          />
          <div className="flex flex-wrap items-center gap-2">
            <SavedViews params={params} onOpen={(query) => navigate(new URLSearchParams(query))} />
            <ExportButton query={apiQuery ?? ""} rowsLoaded={state.events.length} />
            <Button
              aria-expanded={page.facets}
              aria-controls="event-facets"
              onClick={() => navigate(withParams(params, { facets: page.facets ? null : "show" }))}
            >
              {page.facets ? "Hide facets" : "Show facets"}
            </Button>
            <ColumnChooser columns={columns} onChange={onColumns} />
          </div>
        </div>
        {state.window ? (
          <ActivityChart
            events={state.events}
            window={state.window}
            tz={page.tz}
            partial={state.truncated}
            stats={stats.kind === "store" ? stats.stats : null}
            windowWords={words}
            onBrush={(range) => navigate(withTimeRange(params, range))}
          />
        ) : null}
        <CompareBar
          selected={selected}
          notice={selectionNotice}
          onClear={() => {
            setRowSelection({});
            setSelectionNotice(null);
          }}
        />
        <div className="flex gap-3">
          {page.facets ? (
            <div id="event-facets" className="w-60 shrink-0">
              <FacetPanel
                events={state.events}
                stats={stats}
                windowWords={words}
                params={params}
                onFilter={(updates) => navigate(withParams(params, updates))}
              />
            </div>
          ) : null}
          <div className="min-w-0 flex-1">
            <EventsTable
              events={state.events}
              columns={columns}
              sort={page.sort}
              onSortChange={onSort}
              openKey={openEvent ? eventKey(openEvent) : null}
              onOpen={onOpen}
              onClose={onClose}
              emptyMessage={emptyMessage(state)}
              rowSelection={rowSelection}
              onRowSelectionChange={onSelection}
            />
          </div>
          {openId ? (
            <EventSidePanel
              event={openEvent}
              eventId={openId}
              loading={state.phase === "loading"}
              onClose={onClose}
            />
          ) : null}
        </div>
      </div>
    </TimeZoneContext>
  );
}
