import type { QueryPlan } from "@/lib/events/api-contract";

/**
 * What the view cost: the one filter LookupEvents applied (it takes a single attribute), the filters
 * the server applied to what came back, and the API calls made. A view whose filter could not go to the
 * API scans more pages, and at 2 calls per second per region that is worth seeing.
 */
export function QueryPlanBadge({ plan, apiCalls }: { plan: QueryPlan | null; apiCalls: number }) {
  if (!plan) return null;
  const lookup = plan.lookup ? `${plan.lookup.key} = ${plan.lookup.value}` : "none (time range only)";
  return (
    <p
      aria-label="Query plan"
      className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5 rounded border border-slate-200 bg-white px-2 py-0.5 text-xs text-slate-600"
    >
      <span>
        API filter: <span className="font-mono text-slate-800">{lookup}</span>
      </span>
      <span aria-hidden>·</span>
      <span>
        on the server:{" "}
        <span className="font-mono text-slate-800">
          {plan.serverFilters.length > 0 ? plan.serverFilters.join(", ") : "nothing"}
        </span>
      </span>
      <span aria-hidden>·</span>
      <span>
        <span className="tabular-nums">{apiCalls.toLocaleString("en-US")}</span> API call
        {apiCalls === 1 ? "" : "s"}
      </span>
    </p>
  );
}
