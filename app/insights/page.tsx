import type { Metadata } from "next";
import type { ParamIssue } from "@/lib/shared/params";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ConfigError, InputError } from "@/lib/events/errors";
import type { InsightEvent } from "@/lib/insights/insight-details";
import {
  MAX_INSIGHTS,
  NON_INSIGHT_PARAMS,
  loadInsights,
  type InsightsResult,
} from "@/lib/insights/load-insights";
import { parseEventQuery, type RangePreset } from "@/lib/query/event-query";
import { toSearchParams } from "@/lib/query/url-state";

export const metadata: Metadata = { title: "Insights" };
export const dynamic = "force-dynamic";

/** Insights are rare (a few episodes a month), so the page looks further back than the Events page. */
const DEFAULT_INSIGHTS_RANGE: RangePreset = "90d";
const RANGES: RangePreset[] = ["1d", "7d", "30d", "90d"];

const number = (n: number | null, digits = 2) => (n === null ? "—" : n.toFixed(digits));

/** The Events page around an insight: the call it is about, reads included, an hour either side. */
function eventsHref(insight: InsightEvent, windowEnd: number): string {
  const at = Date.parse(insight.eventTime);
  const params = new URLSearchParams({
    eventName: insight.eventName,
    readOnly: "all",
    region: insight.region,
    account: insight.accountId,
    start: new Date(at - 60 * 60_000).toISOString(),
    end: new Date(Math.min(windowEnd, at + 60 * 60_000)).toISOString(),
  });
  if (insight.errorCode) params.set("errorCode", insight.errorCode);
  return `/?${params.toString()}`;
}

function Issues({ issues }: { issues: ParamIssue[] }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">This address asks for something the Insights page cannot show:</p>
      <ul className="mt-1 list-disc pl-5">
        {issues.map((i) => (
          <li key={`${i.param}:${i.message}`}>
            <code className="font-mono">{i.param}</code> {i.message}
          </li>
        ))}
      </ul>
      <Link href="/insights" className="mt-2 inline-block underline">
        Show all insights of the last 90 days
      </Link>
    </div>
  );
}

export default async function InsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = toSearchParams(await searchParams);
  // The filter form submits its empty fields too; an empty field means no filter.
  for (const [key, value] of [...params]) if (value.trim() === "") params.delete(key);
  if (!params.has("range") && !params.has("start") && !params.has("end"))
    params.set("range", DEFAULT_INSIGHTS_RANGE);
  const parsed = parseEventQuery(params);
  const unsupported = NON_INSIGHT_PARAMS.filter((p) => params.has(p)).map((param) => ({
    param,
    message:
      "is not a filter of Insights events (they can be filtered by event name, event source and event ID)",
  }));

  let result: InsightsResult | null = null;
  let problem: { param: string; message: string }[] | string | null = null;
  if (!parsed.ok || unsupported.length > 0) {
    problem = [...(parsed.ok ? [] : parsed.issues), ...unsupported];
  } else {
    try {
      result = await loadInsights(parsed.query);
    } catch (error) {
      if (error instanceof InputError) problem = error.issues;
      else if (error instanceof ConfigError) problem = `Trailscope's settings are wrong: ${error.message}`;
      else throw error;
    }
  }
  const range = params.get("range");
  const windowEnd = parsed.ok ? parsed.query.end.getTime() : 0;
  const failed = result?.sources.filter((s) => s.state === "failed") ?? [];

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Insights</h1>
          <p className="text-sm text-slate-600">
            CloudTrail Insights events: API call rates or error rates that left their usual baseline, with a
            Start event when it began and an End event when it returned.
          </p>
        </div>
        <form method="get" className="flex flex-wrap items-end gap-2 text-sm" aria-label="Insights filters">
          <label className="grid gap-0.5">
            <span className="text-xs text-slate-600">Time range</span>
            <select
              name="range"
              defaultValue={range ?? ""}
              className="h-8 rounded border border-slate-300 bg-white px-2"
            >
              {RANGES.map((r) => (
                <option key={r} value={r}>
                  Last {r}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-0.5">
            <span className="text-xs text-slate-600">Event source</span>
            <input
              name="eventSource"
              defaultValue={params.get("eventSource") ?? ""}
              placeholder="ec2.amazonaws.com"
              className="h-8 w-48 rounded border border-slate-300 px-2"
            />
          </label>
          <label className="grid gap-0.5">
            <span className="text-xs text-slate-600">Event name</span>
            <input
              name="eventName"
              defaultValue={params.get("eventName") ?? ""}
              placeholder="RunInstances"
              className="h-8 w-44 rounded border border-slate-300 px-2"
            />
          </label>
          <button type="submit" className="h-8 rounded bg-slate-800 px-3 text-white hover:bg-slate-700">
            Apply
          </button>
        </form>
      </header>

      {Array.isArray(problem) ? <Issues issues={problem} /> : null}
      {typeof problem === "string" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          {problem}
        </p>
      ) : null}

      {failed.length > 0 ? (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <p className="font-medium">Some regions could not be read; their insights are missing below.</p>
          <ul className="mt-1 list-disc pl-5">
            {failed.map((s) => (
              <li key={`${s.accountId}/${s.region}`}>
                {s.accountName} ({s.accountId}) {s.region}: {s.error?.message} {s.error?.hint}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {result ? (
        <section
          aria-label="Insights events"
          className="overflow-x-auto rounded-md border border-slate-200 bg-white"
        >
          <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-600">
            {result.insights.length} insights events · {result.sources.length} regions read ·{" "}
            {result.apiCalls} API calls
            {result.truncated ? ` · only the newest ${MAX_INSIGHTS} are listed` : ""}
          </p>
          {result.insights.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-500">
              No Insights events in this window{failed.length > 0 ? " in the regions that answered" : ""}.
            </p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Event time (UTC)
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    State
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Insight
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Event source
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Event name
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Baseline /min
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Insight /min
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Top contributor
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Where
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    <span className="sr-only">Events</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.insights.map((insight) => {
                  const ratio =
                    insight.baselineAverage && insight.insightAverage !== null
                      ? insight.insightAverage / insight.baselineAverage
                      : null;
                  const top = insight.attributions.find((a) => a.attribute === "userIdentityArn")?.values[0];
                  return (
                    <tr key={`${insight.accountId}/${insight.region}/${insight.eventId}`}>
                      <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                        <time dateTime={insight.eventTime}>
                          {insight.eventTime.replace("T", " ").replace("Z", "")}
                        </time>
                      </td>
                      <td className="px-3 py-2">
                        <Badge
                          tone={
                            insight.state === "Start" ? "amber" : insight.state === "End" ? "green" : "slate"
                          }
                        >
                          {insight.state}
                        </Badge>
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        {insight.insightType === "ApiErrorRateInsight"
                          ? "Error rate"
                          : insight.insightType === "ApiCallRateInsight"
                            ? "Call rate"
                            : (insight.insightType ?? "—")}
                        {insight.errorCode ? (
                          <span className="ml-1 font-mono text-xs text-red-700">{insight.errorCode}</span>
                        ) : null}
                      </td>
                      <td className="px-3 py-2 font-mono text-xs">{insight.eventSource}</td>
                      <td className="px-3 py-2 font-mono text-xs">{insight.eventName}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{number(insight.baselineAverage)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {number(insight.insightAverage)}
                        {ratio !== null ? (
                          <span className="ml-1 text-xs text-slate-500">(×{ratio.toFixed(1)})</span>
                        ) : null}
                      </td>
                      <td className="max-w-64 truncate px-3 py-2 text-xs" title={top?.value}>
                        {top?.value ?? "—"}
                      </td>
                      <td className="px-3 py-2 text-xs whitespace-nowrap">
                        {insight.region} · {insight.accountId}
                      </td>
                      <td className="px-3 py-2 text-xs whitespace-nowrap">
                        <Link href={eventsHref(insight, windowEnd)} className="text-sky-700 underline">
                          Events around it
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      <p className="text-xs text-slate-500">
        Insights events exist only when a trail has CloudTrail Insights enabled; they stay in Event history
        for 90 days.
      </p>
    </div>
  );
}
