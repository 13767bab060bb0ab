import type { Metadata } from "next";
import Link from "next/link";
import { CompareView } from "@/components/events/compare-view";
import { QueryErrorPanel } from "@/components/events/query-error-panel";
import { findEventById } from "@/lib/sources/history";
import type { AuditEvent } from "@/lib/events/audit-event";
import { parseCompareParams, type CompareId } from "@/lib/query/compare-events";
import { UpstreamError } from "@/lib/events/errors";
import { toSearchParams } from "@/lib/query/url-state";

export const metadata: Metadata = { title: "Compare events" };

type Found = { id: CompareId; event: AuditEvent } | { id: CompareId; event: null; problem: string };

const label = (id: CompareId) => `${id.accountId}:${id.region}:${id.eventId}`;

/** Each event from its own account and region, as `/events/<id>` finds it. */
async function findAll(ids: CompareId[]): Promise<Found[]> {
  return Promise.all(
    ids.map(async (id): Promise<Found> => {
      try {
        const event = await findEventById(id.eventId, { accounts: [id.accountId], regions: [id.region] });
        return event
          ? { id, event }
          : { id, event: null, problem: "no such event in the last 90 days of this account and region" };
      } catch (error) {
        if (error instanceof UpstreamError) {
          return { id, event: null, problem: `CloudTrail could not be asked: ${error.sourceError.message}` };
        }
        throw error;
      }
    }),
  );
}

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = parseCompareParams(toSearchParams(await searchParams));
  const heading = (
    <div>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="text-sky-700 hover:underline">
          Event history
        </Link>{" "}
        / Compare
      </nav>
      <h1 className="text-lg font-semibold tracking-tight">Compare events</h1>
    </div>
  );
  if (!parsed.ok) {
    return (
      <div className="flex flex-col gap-3">
        {heading}
        <QueryErrorPanel issues={parsed.issues} title="These events cannot be compared" />
      </div>
    );
  }
  const found = await findAll(parsed.ids);
  const events = found.flatMap((f) => (f.event ? [f.event] : []));
  const missing = found.filter((f) => !f.event);
  return (
    <div className="flex flex-col gap-3">
      {heading}
      {missing.length > 0 ? (
        <section
          role="alert"
          aria-label="Events not found"
          className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900"
        >
          <h2 className="text-base font-semibold">
            {missing.length === 1 ? "One event was not found" : `${missing.length} events were not found`}
          </h2>
          <ul className="mt-2 list-disc pl-5">
            {missing.map((f) => (
              <li key={label(f.id)}>
                <code className="font-mono text-xs break-all">{label(f.id)}</code>:{" "}
                {"problem" in f ? f.problem : null}
              </li>
            ))}
          </ul>
          <p className="mt-2">Event history keeps 90 days; older events are in a trail&apos;s log files.</p>
        </section>
      ) : null}
      {events.length >= 2 ? <CompareView events={events} /> : null}
    </div>
  );
}
