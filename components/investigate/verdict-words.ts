import type { SearchStep, VerdictAdvice, VerdictReason } from "@/lib/investigate/contract";

/** The words of the verdict's reasons and advice: the answer carries codes and data, the page says them. */

const day = (iso: string) => iso.slice(0, 10);
const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function reasonText(reason: VerdictReason, resource: string): string {
  switch (reason.code) {
    case "search-failed":
      return `Partial answer: the search failed in ${reason.places
        .map((p) => `${p.region} (${p.accountName || p.accountId})`)
        .join(", ")}; events there are not included.`;
    case "name-in-several-places":
      return `The name is used in several places (${reason.places
        .map((p) => (p.region ? `${p.accountId} ${p.region}` : p.accountId))
        .join(
          ", ",
        )}); the verdict is about the most recent events. Narrow the search with account= and region= to judge one.`;
    case "no-matching-event":
      return `No event names ${resource} between ${day(reason.window.start)} and ${day(reason.window.end)} in ${
        reason.regions.join(", ") || "any region"
      }: ${plural(reason.lookups, "lookup")} (${plural(reason.apiCalls, "API call")}) read ${plural(
        reason.eventsRead,
        "event",
      )}${reason.scanned ? ", delete events scanned included" : ""}, and none holds the name, ID or ARN exactly.`;
    case "history-retention":
      return `Event history keeps 90 days: a resource deleted before ${day(reason.historyStart)} left no event here.`;
    case "data-events-not-in-history":
      return reason.objectDeletion
        ? "Deleting an S3 object is a data event: it is only in a trail's log files, never in Event history."
        : "Data events (S3 object deletions, DynamoDB item deletions) are only in a trail's log files, never in Event history.";
    case "regions-not-searched":
      return `Not searched: ${reason.regions.join(", ")}.`;
    case "implausible-identifier":
      return "The name has characters no AWS resource name, ID or ARN uses, so only an exact lookup was made: check it.";
    case "lookup-truncated":
      return `The resource has more than ${plural(reason.maxEvents, "event")} in a region; the oldest were not fetched. Narrow the time range to see them.`;
    case "scan-truncated":
      return `The scan of write events stopped after the newest ${plural(reason.maxEvents, "event")} of a region; an older deletion by a service Trailscope does not know may be missed. Narrow the time range to scan further back.`;
    case "archive-searched":
      return `Searched the trail archive ${reason.description}: ${plural(reason.files, "log file")} of ${plural(
        reason.accounts,
        "account",
      )}, data events included.`;
    case "search-stopped-early":
      return `The search stopped early (${reason.reason}), so the verdict may miss events.`;
  }
}

export const ADVICE_TEXT: Record<VerdictAdvice, string> = {
  "retry-failed-places": "Retry once the failing region answers again.",
  "widen-places": "Widen the search to every region (region=all) and every account (account=all).",
  "widen-time-range": "Widen the time range to the full 90 days.",
  "search-archive": "Search the trail's archive in S3 (Trails page) for older events and data events.",
  "check-spelling":
    "Check the spelling: names are case-sensitive and matched exactly; try the full ARN or the ID.",
};

const PHASE_TEXT: Record<SearchStep["phase"], string> = {
  lookup: "by name",
  "alternate-names": "other spelling",
  scan: "delete calls",
  "write-scan": "every write",
};

/** One lookup of the search, e.g. `us-east-1 · 111122223333 · EventName = DeleteBucket (delete calls): 1 call, 3 events, 0 matching`. */
export function stepText(step: SearchStep): string {
  const stored = step.storeEvents > 0 ? ` (${step.storeEvents.toLocaleString("en-US")} from the store)` : "";
  return `${step.region} · ${step.accountId} · ${step.lookup.key} = ${step.lookup.value} (${PHASE_TEXT[step.phase]}): ${plural(
    step.calls,
    "call",
  )}, ${plural(step.events, "event")}${stored}, ${step.matched} matching${step.truncated ? ", stopped at the cap" : ""}`;
}
