import Link from "next/link";
import { AccountName } from "@/components/accounts/account-names";
import { Badge } from "@/components/ui/badge";
import { CLIENT_LABELS, eventHref, formatEventTime } from "@/components/events/format";
import type { ResourceEventRef, SearchStep, Verdict } from "@/lib/investigate/contract";
import { ADVICE_TEXT, reasonText, stepText } from "./verdict-words";

const STATUS = {
  deleted: { title: "Deleted", frame: "border-red-300 bg-red-50", text: "text-red-900" },
  "not-deleted": {
    title: "Not deleted",
    frame: "border-emerald-300 bg-emerald-50",
    text: "text-emerald-900",
  },
  unknown: { title: "Unknown", frame: "border-amber-300 bg-amber-50", text: "text-amber-900" },
} as const;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

function EventFacts({ event, verb }: { event: ResourceEventRef; verb: string }) {
  return (
    <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
      <Fact label={verb}>
        <span className="text-base font-semibold">{event.who.display}</span>{" "}
        {event.who.root ? <Badge tone="red">root user</Badge> : null}
        <span className="mt-0.5 block text-xs text-slate-600">
          {event.who.type}
          {event.who.invokedBy ? ` · via ${event.who.invokedBy}` : ""}
        </span>
        {event.who.arn ? (
          <span className="block font-mono text-xs break-all text-slate-500">{event.who.arn}</span>
        ) : null}
      </Fact>
      <Fact label="When">
        <time dateTime={event.eventTime}>{formatEventTime(event.eventTime, "utc")}</time>
        <span className="block text-xs text-slate-600">
          {event.eventName} in {event.awsRegion} · account <AccountName accountId={event.accountId} />
        </span>
      </Fact>
      <Fact label="From">
        <span className="font-mono">{event.sourceIPAddress ?? "unknown IP"}</span>
        <span className="block text-xs text-slate-600">{CLIENT_LABELS[event.client] ?? event.client}</span>
      </Fact>
      <Fact label="Client">
        <span className="font-mono text-xs break-all">{event.userAgent ?? "no user agent"}</span>
      </Fact>
    </dl>
  );
}

export function VerdictCard({
  verdict,
  resource,
  searched,
}: {
  verdict: Verdict;
  resource: string;
  searched: SearchStep[];
}) {
  const style = STATUS[verdict.status];
  const event = verdict.deletion ?? verdict.lastSeen;
  return (
    <section aria-labelledby="verdict-title" className={`rounded-lg border-2 p-5 ${style.frame}`}>
      <p className="text-xs font-medium tracking-wide text-slate-600 uppercase">Verdict</p>
      <h2 id="verdict-title" className={`mt-1 text-3xl font-bold ${style.text}`}>
        {style.title}
      </h2>
      <p className="mt-1 font-mono text-sm break-all text-slate-700">{resource}</p>
      <p className={`mt-3 text-base ${style.text}`}>{verdict.summary}</p>
      {event ? (
        <>
          <EventFacts event={event} verb={verdict.deletion ? "Deleted by" : "Last seen with"} />
          <Link
            href={eventHref(event)}
            className="mt-4 inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
          >
            {verdict.deletion ? "Open the deletion event" : "Open the latest event"}
          </Link>
        </>
      ) : null}
      {verdict.reasons.length > 0 ? (
        <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-800">
          {verdict.reasons.map((reason) => (
            <li key={reason.code}>{reasonText(reason, resource)}</li>
          ))}
        </ul>
      ) : null}
      {verdict.status === "unknown" && searched.length > 0 ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">
            What was searched ({searched.length} lookup{searched.length === 1 ? "" : "s"})
          </summary>
          <ul className="mt-1 space-y-0.5 pl-5 font-mono text-xs break-all text-slate-700">
            {searched.map((step, i) => (
              <li key={i}>{stepText(step)}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {verdict.advice.length > 0 ? (
        <div className="mt-3 text-sm">
          <p className="font-medium text-slate-800">What to try next</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
            {verdict.advice.map((code) => (
              <li key={code}>{ADVICE_TEXT[code]}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
