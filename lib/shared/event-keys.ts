/**
 * CloudTrail keeps Event history and its rate limit per (account, region), and an event ID is unique
 * only within its account and region: these are the one spelling of both keys, so a key built by the
 * server (rate limiter, cursor) and one built by the browser (table rows, dedupe) always agree.
 */

/** One (account, region) source. */
export function sourceKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** One event: the same event read twice (a continuation, an overlap) has the same key. */
export function eventKey(event: { accountId: string; awsRegion: string; eventId: string }): string {
  return `${sourceKey(event.accountId, event.awsRegion)}/${event.eventId}`;
}
