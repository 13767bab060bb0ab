"use client";

import type { RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useMemo, useState } from "react";
import { readsSeveralAccounts, type AccountOption } from "@/lib/accounts/account-selection";
import { ScopeBar } from "@/components/accounts/scope-bar";
import { Button } from "@/components/ui/button";
import type { AuditEvent } from "@/lib/events/audit-event";
import { MAX_COMPARED, compareHref, compareIdFromRowKey } from "@/lib/query/compare-events";
import type { ColumnId } from "@/lib/query/fields";
import {
  VIEW_URL_OPTIONS,
  apiSearchParams,
  eventKey as eventUrlKey,
  facetsKey,
  parseView,
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
import { IssuesPanel } from "@/components/ui/issues-panel";
import { StoreFreshnessLine } from "./store-freshness-line";
import { TimeRangePicker } from "./time-range-picker";
import { eventKey } from "@/lib/shared/event-keys";
import { useEventStream, type EventStreamState } from "./use-event-stream";

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

const pageKeys = { ...eventUrlKey, ...facetsKey };

/**
 * The Events page's interactive part: everything it shows is derived from the URL, which it validates
 * as a whole (`parseView` names each bad parameter). Each control below owns its own URL keys; this
 * component owns only the open event and the facet panel's visibility.
 */
export function EventsView({ regions, accounts }: { regions: string[]; accounts: AccountOption[] }) {
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams), [searchParams]);
  const [, setPage] = useQueryStates(pageKeys, VIEW_URL_OPTIONS);
  const view = useMemo(() => parseView(params), [params]);
  const apiQuery = view.ok ? apiSearchParams(params).toString() : null;
  const { state, stop, loadMore, retry } = useEventStream(apiQuery);
  const archive = view.ok && view.query.source === "archive";
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

  // Moving from one open event to the next replaces the entry: back closes the panel, not each event.
  const onOpen = useCallback(
    (event: AuditEvent) =>
      void setPage({ event: event.eventId }, { history: openId !== null ? "replace" : "push" }),
    [setPage, openId],
  );
  const onClose = useCallback(() => {
    if (openId !== null) void setPage({ event: null });
  }, [setPage, openId]);
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

  if (!view.ok) return <IssuesPanel issues={view.issues} />;
  const { page } = view;

  return (
    <TimeZoneContext value={page.tz}>
      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-lg font-semibold tracking-tight">
            {archive ? "Trail archive" : "Event history"}
          </h1>
          <TimeRangePicker window={state.window} />
        </div>
        <ScopeBar accounts={accounts} />
        <FilterBar regions={regions} />
        {state.phase === "bad-request" ? (
          <IssuesPanel issues={state.issues} title={state.error ?? "The server rejected this query"} />
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
            <SavedViews />
            <ExportButton query={apiQuery ?? ""} rowsLoaded={state.events.length} />
            <Button
              aria-expanded={page.facets}
              aria-controls="event-facets"
              onClick={() => void setPage({ facets: !page.facets })}
            >
              {page.facets ? "Hide facets" : "Show facets"}
            </Button>
            <ColumnChooser columns={columns} />
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
              <FacetPanel events={state.events} stats={stats} windowWords={words} />
            </div>
          ) : null}
          <div className="min-w-0 flex-1">
            <EventsTable
              events={state.events}
              columns={columns}
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
