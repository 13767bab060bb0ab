"use client";

import { useEventStream } from "@/components/events/use-event-stream";
import { useViewUrl } from "@/components/events/use-view-url";
import { ActivityChart } from "@/components/explore/activity-chart";
import { ExportButton } from "@/components/explore/export-button";
import { FacetPanel } from "@/components/explore/facet-panel";
import { QueryPlanBadge } from "@/components/explore/query-plan-badge";
import { SavedViews } from "@/components/explore/saved-views";
import { apiSearchParams, withParams, withTimeRange } from "@/lib/query/url-state";

export function ExploreLab() {
  const { params, navigate } = useViewUrl();
  const apiQuery = apiSearchParams(params).toString();
  const { state } = useEventStream(apiQuery);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <SavedViews params={params} onOpen={(q) => navigate(new URLSearchParams(q))} />
        <ExportButton query={apiQuery} />
        <QueryPlanBadge plan={state.plan} apiCalls={state.apiCalls} />
        <span>{state.phase} {state.events.length}</span>
      </div>
      {state.window ? (
        <ActivityChart events={state.events} window={state.window} onBrush={(r) => navigate(withTimeRange(params, r))} />
      ) : null}
      <div className="flex gap-3">
        <ul className="flex-1 text-xs">
          {state.events.slice(0, 30).map((e) => (
            <li key={`${e.accountId}/${e.awsRegion}/${e.eventId}`}>
              {e.eventTime} {e.eventName} {e.username} {e.errorCode}
            </li>
          ))}
        </ul>
        <div className="w-72">
          <FacetPanel events={state.events} params={params} onFilter={(u) => navigate(withParams(params, u))} />
        </div>
      </div>
    </div>
  );
}
