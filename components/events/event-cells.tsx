"use client";

import Link from "next/link";
import { createContext, useContext } from "react";
import type { AuditEvent } from "@/lib/events/audit-event";
import type { TimeZoneMode } from "@/lib/query/url-state";
import { Badge } from "@/components/ui/badge";
import { formatEventTime, investigateHref } from "./format";

export const TimeZoneContext = createContext<TimeZoneMode>("utc");

export function WhenCell({ iso }: { iso: string }) {
  const tz = useContext(TimeZoneContext);
  return (
    <time dateTime={iso} className="tabular-nums" title={formatEventTime(iso, tz)}>
      {formatEventTime(iso, tz)}
    </time>
  );
}

export function IdentityFlags({ event }: { event: AuditEvent }) {
  return (
    <>
      {event.flags.root ? <Badge tone="red">root</Badge> : null}
      {event.flags.noMfa ? <Badge tone="amber">no MFA</Badge> : null}
      {event.flags.crossAccount ? <Badge tone="violet">cross-account</Badge> : null}
    </>
  );
}

export function WhoCell({ event }: { event: AuditEvent }) {
  return (
    <span className="flex min-w-0 items-center gap-1">
      <span className="truncate" title={event.who.arn ?? event.who.display}>
        {event.who.display}
      </span>
      <IdentityFlags event={event} />
    </span>
  );
}

export function ResourcesCell({ event }: { event: AuditEvent }) {
  if (event.resources.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex min-w-0 gap-2 truncate">
      {event.resources.map((r, i) => (
        <span key={`${r.name}-${i}`} className="truncate" title={`${r.type ?? "resource"} ${r.name}`}>
          {r.type ? <span className="text-slate-500">{r.type.replace(/^AWS::/, "")} </span> : null}
          <Link
            href={investigateHref(r.name)}
            prefetch={false}
            className="text-sky-700 hover:underline"
            onClick={(e) => e.stopPropagation()}
            tabIndex={-1}
          >
            {r.name}
          </Link>
        </span>
      ))}
    </span>
  );
}

export function ResponseCell({ event }: { event: AuditEvent }) {
  if (!event.errorCode) return <span className="text-emerald-700">Success</span>;
  return (
    <span className="truncate font-medium text-red-700" title={event.errorMessage ?? event.errorCode}>
      {event.errorCode}
    </span>
  );
}

/** A plain value, its whole text one hover away when the column is too narrow to show it. */
export function TextCell({ value }: { value: string }) {
  return <span title={value || undefined}>{value}</span>;
}
