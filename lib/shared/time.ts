/** Time constants, the wire format and the bounds every time window is held to. */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO 8601 without milliseconds: how CloudTrail records and the AWS CLI write times. */
export function isoSeconds(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** How times are shown: CloudTrail's own UTC, or the reader's local zone. */
export type TimeZoneMode = "utc" | "local";

/** Year, month (1-12), day, hours, minutes, seconds of `date` in UTC or the runtime's local zone. */
export function timeParts(date: Date, tz: TimeZoneMode): [number, number, number, number, number, number] {
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

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The one display format: "2026-11-25 12:03:04 UTC", or without the suffix in local time. Fixed
 * width and sortable by eye; text that is not a date is shown as it is.
 */
export function formatTimestamp(iso: string, tz: TimeZoneMode = "utc"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const [y, mo, d, h, mi, s] = timeParts(date, tz);
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}${tz === "utc" ? " UTC" : ""}`;
}

/**
 * CloudTrail was launched in November 2013: no record, log file or digest is older, so a window
 * that starts earlier can only be a mistake or an attempt to make the server walk empty years.
 */
export const CLOUDTRAIL_LAUNCH = new Date("2013-11-01T00:00:00Z");

/** How far past "now" a window may end: clock skew between the browser, the server and AWS. */
export const FUTURE_SLACK_MS = 15 * MINUTE;

/** Why a window's bounds are refused, or undefined when they are fine. */
export function windowBoundsProblem(
  start: Date,
  end: Date,
  now: Date = new Date(),
): { param: "start" | "end"; message: string } | undefined {
  if (start.getTime() < CLOUDTRAIL_LAUNCH.getTime()) {
    return {
      param: "start",
      message: `must not be before ${isoSeconds(CLOUDTRAIL_LAUNCH)} (CloudTrail's launch)`,
    };
  }
  if (end.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    return { param: "end", message: "must not be more than 15 minutes in the future" };
  }
  if (start.getTime() > end.getTime()) return { param: "start", message: "must not be after end" };
  return undefined;
}
