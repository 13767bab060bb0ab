import Link from "next/link";
import type { ReactNode } from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import { Badge } from "@/components/ui/badge";
import { Timestamp } from "@/components/time/timestamp";
import { formatTimestamp } from "@/lib/shared/time";
import { CLIENT_LABELS } from "@/lib/query/fields";
import { investigateHref } from "./format";
import { LocalTime } from "./local-time";

/** Renders on the server (the event page) and in the browser (the side panel): no hooks, text only. */

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">
        {children ?? <span className="text-slate-400">—</span>}
      </dd>
    </>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-md border border-slate-200 bg-white">
      <h3 className="border-b border-slate-100 px-3 py-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {title}
      </h3>
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 px-3 py-2 text-[13px]">{children}</dl>
    </section>
  );
}

const mono = (value: string | null) => (value ? <span className="font-mono text-xs">{value}</span> : null);

export function EventDetail({ event }: { event: AuditEvent }) {
  const { who, flags } = event;
  return (
    <article aria-label={`Event ${event.eventName}`} className="flex flex-col gap-3">
      <header className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold text-slate-900">{event.eventName}</h2>
        <p className="flex flex-wrap items-center gap-1.5 text-sm text-slate-600">
          <Timestamp iso={event.eventTime} />
          <span>·</span>
          <span>{event.eventSource}</span>
          {event.errorCode ? (
            <Badge tone="red">{event.errorCode}</Badge>
          ) : (
            <Badge tone="green">Success</Badge>
          )}
          {event.readOnly ? <Badge>read-only</Badge> : <Badge tone="sky">write</Badge>}
          {flags.root ? <Badge tone="red">root</Badge> : null}
          {flags.noMfa ? <Badge tone="amber">no MFA</Badge> : null}
          {flags.crossAccount ? <Badge tone="violet">cross-account</Badge> : null}
        </p>
      </header>

      <Group title="Who">
        <Field label="Identity">{who.display}</Field>
        <Field label="Type">{who.type}</Field>
        <Field label="ARN">{mono(who.arn)}</Field>
        <Field label="Account">{who.accountId}</Field>
        <Field label="User name">{event.username}</Field>
        <Field label="Access key">{mono(event.accessKeyId)}</Field>
        <Field label="Invoked by">{who.invokedBy}</Field>
        <Field label="Identity chain">
          {who.chain.length > 0 ? (
            <ol aria-label="Identity chain" className="flex flex-col gap-0.5">
              {who.chain.map((link, i) => (
                <li key={`${link.kind}-${i}`} className="flex flex-wrap items-baseline gap-1.5">
                  <span className="text-slate-400">{i + 1}.</span>
                  <Badge>{link.kind}</Badge>
                  <span>{link.label}</span>
                  {link.arn ? (
                    <span className="font-mono text-xs break-all text-slate-500">{link.arn}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
        </Field>
      </Group>

      <Group title="When">
        <Field label="Event time">
          <time dateTime={event.eventTime}>{formatTimestamp(event.eventTime, "utc")}</time>
        </Field>
        <Field label="Your local time">
          <LocalTime iso={event.eventTime} />
        </Field>
      </Group>

      <Group title="Where">
        <Field label="Region">{event.awsRegion}</Field>
        <Field label="Recorded in account">{event.accountId}</Field>
        <Field label="Source IP">{event.sourceIPAddress}</Field>
        <Field label="Client">{CLIENT_LABELS[event.client] ?? event.client}</Field>
        <Field label="User agent">{mono(event.userAgent)}</Field>
        <Field label="VPC endpoint">{event.vpcEndpointId}</Field>
      </Group>

      <Group title="What">
        <Field label="Event name">{event.eventName}</Field>
        <Field label="Event source">{event.eventSource}</Field>
        <Field label="Resources">
          {event.resources.length > 0 ? (
            <ul aria-label="Resources">
              {event.resources.map((r, i) => (
                <li key={`${r.name}-${i}`}>
                  {r.type ? <span className="text-slate-500">{r.type} </span> : null}
                  <Link href={investigateHref(r.name)} className="break-all text-sky-700 hover:underline">
                    {r.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
        <Field label="Read-only">{event.readOnly ? "true" : "false"}</Field>
        <Field label="Event type">{event.eventType}</Field>
        <Field label="Category">{event.eventCategory}</Field>
        <Field label="Management event">
          {event.managementEvent === null ? null : String(event.managementEvent)}
        </Field>
        <Field label="Event ID">{mono(event.eventId)}</Field>
        <Field label="Request ID">{mono(event.requestId)}</Field>
      </Group>

      <Group title="Response">
        <Field label="Result">{event.errorCode ? "Error" : "Success"}</Field>
        <Field label="Error code">{event.errorCode}</Field>
        <Field label="Error message">{event.errorMessage}</Field>
      </Group>

      <section aria-label="Full record" className="flex flex-col gap-1">
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Full record</h3>
        <pre className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100">
          {JSON.stringify(event.raw, null, 2)}
        </pre>
      </section>
    </article>
  );
}
