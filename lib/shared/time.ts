/** Time constants, the wire format and the bounds every time window is held to. */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO 8601 without milliseconds: how CloudTrail records and the AWS CLI write times. */
export function isoSeconds(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");
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
