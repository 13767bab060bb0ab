import type { TimeZoneMode } from "@/lib/query/url-state";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function parts(date: Date, tz: TimeZoneMode) {
  return tz === "utc"
    ? [
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
        date.getUTCHours(),
        date.getUTCMinutes(),
        date.getUTCSeconds(),
      ]
    : [
        date.getFullYear(),
        date.getMonth() + 1,
        date.getDate(),
        date.getHours(),
        date.getMinutes(),
        date.getSeconds(),
      ];
}

/** "2026-11-25 12:03:04 UTC": fixed width and sortable by eye, in UTC unless the view asks for local time. */
export function formatEventTime(iso: string, tz: TimeZoneMode): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const [y, mo, d, h, mi, s] = parts(date, tz);
  return `${y}-${pad(mo ?? 0)}-${pad(d ?? 0)} ${pad(h ?? 0)}:${pad(mi ?? 0)}:${pad(s ?? 0)}${tz === "utc" ? " UTC" : ""}`;
}

/** The value of an `<input type="datetime-local">` showing `date` in the view's time zone. */
export function toDateTimeInput(date: Date, tz: TimeZoneMode): string {
  const [y, mo, d, h, mi] = parts(date, tz);
  return `${y}-${pad(mo ?? 0)}-${pad(d ?? 0)}T${pad(h ?? 0)}:${pad(mi ?? 0)}`;
}

/** Reads a datetime-local value as UTC or local time; null when empty or not a date. */
export function fromDateTimeInput(value: string, tz: TimeZoneMode): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = tz === "utc" ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The investigation page (another part of Trailscope) takes the resource name as `resource`. */
export function investigateHref(resourceName: string): string {
  return `/investigate?resource=${encodeURIComponent(resourceName)}`;
}

/** The full-page URL of one event; account and region let the server ask the right source. */
export function eventHref(event: { eventId: string; accountId: string; awsRegion: string }): string {
  const q = new URLSearchParams({ account: event.accountId, region: event.awsRegion });
  return `/events/${encodeURIComponent(event.eventId)}?${q.toString()}`;
}
