"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import type { AuditEvent } from "@/lib/events/audit-event";
import { EventDetail } from "./event-detail";
import { eventHref } from "./format";

export function EventSidePanel({
  event,
  eventId,
  loading,
  onClose,
}: {
  event: AuditEvent | null;
  /** The ID asked for in the URL, shown when that event is not among the loaded rows. */
  eventId: string;
  loading: boolean;
  onClose: () => void;
}) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!event) closeButton.current?.focus({ preventScroll: true });
  }, [event]);

  return (
    <aside
      aria-label="Event details"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onClose();
        }
      }}
      className="flex h-[calc(100vh-300px)] min-h-[360px] w-[min(560px,45vw)] shrink-0 flex-col overflow-hidden rounded-md border border-slate-200 bg-slate-50"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-3 py-1.5">
        {event ? (
          <Link href={eventHref(event)} className="text-sm font-medium text-sky-700 hover:underline">
            Open event page
          </Link>
        ) : (
          <span className="text-sm text-slate-500">Event {eventId}</span>
        )}
        <Button
          ref={closeButton}
          variant="ghost"
          onClick={onClose}
          aria-label="Close details"
          className="px-2 py-0.5 font-normal text-slate-600"
        >
          Close ✕
        </Button>
      </div>
      <div className="flex-1 overflow-auto p-3">
        {event ? (
          <EventDetail event={event} />
        ) : (
          <p className="text-sm text-slate-600">
            {loading
              ? "Loading…"
              : "This event is not among the loaded rows. Widen the time range or filters, or open it by its event ID."}
          </p>
        )}
      </div>
    </aside>
  );
}
