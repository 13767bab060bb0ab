"use client";

import { useCallback, useMemo } from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import {
  apiSearchParams,
  parseView,
  withColumns,
  withParams,
  withSort,
  type ColumnId,
  type SortState,
} from "@/lib/query/url-state";
import { ColumnChooser } from "./column-chooser";
import { TimeZoneContext } from "./event-cells";
import { EventSidePanel } from "./event-side-panel";
import { EventsTable } from "./events-table";
import { FilterBar } from "./filter-bar";
import { LoadStatus } from "./load-status";
import { QueryErrorPanel } from "./query-error-panel";
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

/** The Events page's interactive part: everything it shows is derived from the URL. */
export function EventsView({ regions }: { regions: string[] }) {
  const { params, navigate } = useViewUrl();
  const view = useMemo(() => parseView(params), [params]);
  const apiQuery = view.ok ? apiSearchParams(params).toString() : null;
  const { state, stop, loadMore, retry } = useEventStream(apiQuery);

  const openId = view.ok ? view.page.event : null;
  const openEvent = useMemo(
    () => (openId ? (state.events.find((e) => e.eventId === openId) ?? null) : null),
    [openId, state.events],
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
          <h1 className="text-lg font-semibold tracking-tight">Event history</h1>
          <TimeRangePicker params={params} tz={page.tz} window={state.window} onChange={navigate} />
        </div>
        <FilterBar params={params} regions={regions} onChange={navigate} />
        {state.phase === "bad-request" ? (
          <QueryErrorPanel issues={state.issues} title={state.error ?? "The server rejected this query"} />
        ) : null}
        <div className="flex flex-wrap items-end justify-between gap-2">
          <LoadStatus
            state={state}
            shown={state.events.length}
            onStop={stop}
            onLoadMore={loadMore}
            onRetry={retry}
          />
          {/* The activity chart, facets, export and saved views join this toolbar (issue 4). */}
          <div className="flex items-center gap-2">
            <ColumnChooser columns={page.columns} onChange={onColumns} />
          </div>
        </div>
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">
            <EventsTable
              events={state.events}
              columns={page.columns}
              sort={page.sort}
              onSortChange={onSort}
              openKey={openEvent ? eventKey(openEvent) : null}
              onOpen={onOpen}
              onClose={onClose}
              emptyMessage={emptyMessage(state)}
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
