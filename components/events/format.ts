import { timeParts, type TimeZoneMode } from "@/lib/shared/time";

const pad = (n: number) => String(n).padStart(2, "0");

/** The value of an `<input type="datetime-local">` showing `date` in the view's time zone. */
export function toDateTimeInput(date: Date, tz: TimeZoneMode): string {
  const [y, mo, d, h, mi] = timeParts(date, tz);
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
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
