import { HISTORY_MS, type EventQuery } from "./event-query";
import { parseIpFilter } from "./matcher";

/**
 * Checks of a parsed query against what its source can answer, beyond the schema: shared by
 * `/api/events` and its export so both answer the same 400s.
 */

/** A start computed by a page a moment ago as "90 days back" must still pass. */
const HISTORY_SLACK_MS = 5 * 60_000;

/**
 * `retention90Days` is false when the source keeps more than Event history does: the demo endpoint
 * serving downloaded log files (TRAILSCOPE_DATA) holds whatever those files hold.
 */
export function historyIssues(
  query: EventQuery,
  now: Date,
  { retention90Days = true }: { retention90Days?: boolean } = {},
): { param: string; message: string }[] {
  const issues: { param: string; message: string }[] = [];
  if (
    retention90Days &&
    query.source !== "archive" &&
    query.start.getTime() < now.getTime() - HISTORY_MS - HISTORY_SLACK_MS
  ) {
    issues.push({
      param: "start",
      message:
        "must be within the last 90 days: Event history keeps 90 days (older events are in a trail's log files: source=archive)",
    });
  }
  if (query.sourceIp !== undefined && !parseIpFilter(query.sourceIp)) {
    issues.push({
      param: "sourceIp",
      message: "must be an IP address, a CIDR block (IPv4 or IPv6) or an AWS service host",
    });
  }
  return issues;
}
