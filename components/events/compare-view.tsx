import Link from "next/link";
import type { AuditEvent } from "@/lib/events/audit-event";
import { compareFields, compareRecords, type ComparedRow } from "@/lib/query/compare-events";
import { cn } from "@/lib/shared/cn";
import { eventHref, formatEventTime } from "./format";

function Row({ row }: { row: ComparedRow }) {
  return (
    <tr data-differs={row.differs || undefined} className={cn("align-top", row.differs && "bg-amber-50")}>
      <th scope="row" className="border-b border-slate-100 px-2 py-1 text-left font-medium text-slate-700">
        <span className="font-mono text-xs break-all">{row.label}</span>
        {row.differs ? (
          <span className="ml-2 rounded bg-amber-200 px-1 text-[11px] font-semibold text-amber-900">
            differs
          </span>
        ) : null}
      </th>
      {row.values.map((value, i) => (
        <td
          key={i}
          className={cn(
            "border-b border-slate-100 px-2 py-1 font-mono text-xs break-all",
            row.differs && "font-semibold text-amber-950",
          )}
        >
          {value ?? <span className="font-sans font-normal text-slate-400">—</span>}
        </td>
      ))}
    </tr>
  );
}

function EventHeads({ events }: { events: readonly AuditEvent[] }) {
  return (
    <thead className="sticky top-0 bg-slate-50">
      <tr>
        <th
          scope="col"
          className="w-56 border-b border-slate-200 px-2 py-1.5 text-left text-xs text-slate-500"
        >
          Field
        </th>
        {events.map((e) => (
          <th
            key={`${e.accountId}/${e.awsRegion}/${e.eventId}`}
            scope="col"
            className="border-b border-slate-200 px-2 py-1.5 text-left"
          >
            <Link href={eventHref(e)} prefetch={false} className="text-sky-700 hover:underline">
              {e.eventName}
            </Link>
            <span className="block text-xs font-normal text-slate-500 tabular-nums">
              {formatEventTime(e.eventTime, "utc")}
            </span>
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Events side by side: their who/when/where/what/response, then their whole records, differences marked. */
export function CompareView({ events }: { events: readonly AuditEvent[] }) {
  const fields = compareFields(events);
  const groups = [...new Set(fields.map((f) => f.group))];
  const records = compareRecords(events.map((e) => e.raw));
  const differing = records.filter((r) => r.differs).length;
  return (
    <div className="flex flex-col gap-5">
      <section
        aria-labelledby="compare-fields"
        className="overflow-x-auto rounded-md border border-slate-200 bg-white"
      >
        <h2 id="compare-fields" className="px-3 pt-2 text-base font-semibold">
          Who, when, where, what, response
        </h2>
        <table aria-label="Compared fields" className="w-full table-fixed border-collapse text-sm">
          <EventHeads events={events} />
          {groups.map((group) => (
            <tbody key={group}>
              <tr>
                <th
                  scope="colgroup"
                  colSpan={events.length + 1}
                  className="bg-slate-100 px-2 py-1 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {group}
                </th>
              </tr>
              {fields
                .filter((f) => f.group === group)
                .map((row) => (
                  <Row key={row.label} row={row} />
                ))}
            </tbody>
          ))}
        </table>
      </section>
      <section
        aria-labelledby="compare-records"
        className="overflow-x-auto rounded-md border border-slate-200 bg-white"
      >
        <h2 id="compare-records" className="px-3 pt-2 text-base font-semibold">
          Full records{" "}
          <span className="text-sm font-normal text-slate-500">
            {differing} of {records.length} fields differ
          </span>
        </h2>
        <table aria-label="Full records" className="w-full table-fixed border-collapse text-sm">
          <EventHeads events={events} />
          <tbody>
            {records.map((row) => (
              <Row key={row.label} row={row} />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
