import Link from "next/link";
import { AccountName } from "@/components/accounts/account-names";
import { Badge } from "@/components/ui/badge";
import { eventHref, formatEventTime } from "@/components/events/format";
import type { EventKind } from "@/lib/events/event-kinds";
import type { TimelineEntry } from "@/lib/investigate/contract";

const KIND_TONE: Record<EventKind, "green" | "sky" | "red" | "slate"> = {
  created: "green",
  modified: "sky",
  deleted: "red",
  read: "slate",
};

/** Every event on the resource, oldest first; each links to its detail view. */
export function LifecycleTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <section aria-labelledby="timeline-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="timeline-title" className="text-base font-semibold">
        Lifecycle timeline{" "}
        <span className="text-sm font-normal text-slate-500">({entries.length} events, oldest first)</span>
      </h2>
      <ol className="mt-3 space-y-0 border-l-2 border-slate-200">
        {entries.map((entry, i) => {
          const newCycle = i > 0 && entries[i - 1]!.cycle !== entry.cycle;
          return (
            <li key={`${entry.accountId}/${entry.awsRegion}/${entry.eventId}`} className="pl-4">
              {newCycle ? (
                <p className="-ml-4 py-1 pl-4 text-xs font-medium text-slate-500">
                  Name reused: cycle {entry.cycle + 1}
                </p>
              ) : null}
              <div className="relative flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5 text-sm">
                <span
                  aria-hidden
                  className={`absolute top-3 -left-[21px] h-2 w-2 rounded-full ${entry.errorCode ? "bg-amber-500" : entry.kind === "deleted" ? "bg-red-500" : entry.kind === "created" ? "bg-emerald-500" : "bg-slate-400"}`}
                />
                <time dateTime={entry.eventTime} className="font-mono text-xs text-slate-600">
                  {formatEventTime(entry.eventTime, "utc")}
                </time>
                <Badge tone={entry.errorCode ? "amber" : KIND_TONE[entry.kind]}>
                  {entry.errorCode
                    ? `failed ${entry.kind === "deleted" ? "delete" : entry.kind}`
                    : entry.kind}
                </Badge>
                <Link
                  href={eventHref(entry)}
                  className="font-medium text-sky-800 underline-offset-2 hover:underline"
                >
                  {entry.eventName}
                </Link>
                <span className="text-slate-700">{entry.who.display}</span>
                {entry.errorCode ? (
                  <span className="font-mono text-xs text-amber-800">{entry.errorCode}</span>
                ) : null}
                <span className="text-xs text-slate-500">
                  {entry.awsRegion} · <AccountName accountId={entry.accountId} />
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
