import "server-only";
import { z } from "zod";
import { readArchiveEvents } from "../archive/reader";
import { ArchiveAccessError } from "../archive/object-store";
import { queryFingerprint } from "../cloudtrail/cursor";
import type { EventStreamMessage, QueryPlan } from "../events/api-contract";
import type { AuditEvent } from "../events/audit-event";
import { InputError } from "../events/errors";
import type { EventQuery } from "../query/event-query";
import { matchesQuery, type MatchedParam } from "../query/matcher";
import { planQuery } from "../query/planner";
import {
  LATE_DELIVERY_MS,
  archiveErrorHint,
  openArchive,
  type ArchiveAccountView,
  pendingArchiveStatuses,
  type OpenArchive,
} from "./open-archive";

/**
 * `/api/events?source=archive`: the events of a trail's log files, newest first, with the query's
 * filters applied here (nothing goes to LookupEvents). The window is read one UTC day at a time from
 * the newest, so the first rows arrive after one day's files; progress counts files read per account.
 * At most `limit` events; the cursor resumes after the last one shown.
 */

const DAY = 86_400_000;
const CHUNK = 500;

const cursorSchema = z.object({
  v: z.literal("a1"),
  f: z.string().regex(/^[0-9a-f]{16}$/),
  /** The window start and the time of the last event shown, epoch milliseconds. */
  s: z.number().int().nonnegative(),
  e: z.number().int().nonnegative(),
  /** Events already shown at exactly `e` (several can share a second). */
  seen: z.array(z.string().max(200)).max(10_000),
});
type ArchiveCursor = z.output<typeof cursorSchema>;

function encodeArchiveCursor(cursor: ArchiveCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeArchiveCursor(text: string, query: EventQuery): ArchiveCursor {
  let parsed: ArchiveCursor | undefined;
  try {
    const result = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (result.success) parsed = result.data;
  } catch {
    parsed = undefined;
  }
  if (!parsed) throw new InputError([{ param: "cursor", message: "is not a trail archive continuation" }]);
  if (parsed.f !== queryFingerprint(query)) {
    throw new InputError([{ param: "cursor", message: "was made for another query: reload without it" }]);
  }
  return parsed;
}

export function selectArchiveAccounts(
  archive: OpenArchive,
  param: EventQuery["account"],
): ArchiveAccountView[] {
  const unique = archive.accounts;
  if (param === undefined || param === "all") return unique;
  const unknown = param.filter((id) => !unique.some((a) => a.accountId === id));
  if (unknown.length > 0) {
    const found = unique.map((a) => a.accountId).join(", ") || "none";
    throw new InputError([
      {
        param: "account",
        message: `${unknown.join(", ")} ${unknown.length > 1 ? "have" : "has"} no log files in ${archive.description} (accounts found: ${found})`,
      },
    ]);
  }
  return unique.filter((a) => param.includes(a.accountId));
}

const newestFirst = (a: AuditEvent, b: AuditEvent) =>
  a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : a.eventId.localeCompare(b.eventId);

export async function* streamArchiveEvents(
  query: EventQuery,
  options: { signal?: AbortSignal; cursor?: string } = {},
): AsyncGenerator<EventStreamMessage> {
  const cursor = options.cursor ? decodeArchiveCursor(options.cursor, query) : undefined;
  const archive = await openArchive({ bucket: query.bucket, prefix: query.prefix });
  const accounts = selectArchiveAccounts(archive, query.account);
  const regions = query.region === undefined || query.region === "all" ? undefined : query.region;
  const start = cursor ? new Date(cursor.s) : query.start;
  const end = cursor ? new Date(cursor.e) : query.end;
  const seen = new Set(cursor?.seen ?? []);

  const filters = planQuery(query);
  const plan: QueryPlan = {
    lookup: null,
    serverFilters: [...(filters.lookup ? [filters.lookup.param] : []), ...filters.serverFilters],
    archive: { location: archive.description },
  };
  const statuses = pendingArchiveStatuses(accounts, regions);
  // Per account, by file: a file near a day boundary is read for both days but counted once.
  const unusable = accounts.map(() => new Map<string, number | "unreadable">());
  const countUnusable = (i: number) => {
    const found = [...unusable[i]!.values()];
    const records = found.reduce<number>((n, u) => n + (u === "unreadable" ? 0 : u), 0);
    const files = found.filter((u) => u === "unreadable").length;
    const status = statuses[i]!;
    if (records > 0) status.unusableRecords = records;
    if (files > 0) status.unreadableFiles = files;
  };
  const snapshot = () => statuses.map((s) => ({ ...s }));
  // The folders chose the accounts and regions.
  const skip = new Set<MatchedParam>(["account", "region"]);

  yield {
    type: "meta",
    plan,
    window: { start: start.toISOString(), end: end.toISOString() },
    sources: snapshot(),
  };

  let emitted = 0;
  let scanned = 0;
  let truncated = false;
  let cancelled = false;
  let last: { time: number; ids: string[] } | undefined;

  outer: for (let dayEnd = end.getTime(); dayEnd >= start.getTime();) {
    const dayStart = Math.max(start.getTime(), Math.floor(dayEnd / DAY) * DAY);
    const day: AuditEvent[] = [];
    for (const [i, account] of accounts.entries()) {
      const status = statuses[i]!;
      if (status.state === "failed") continue;
      status.state = "running";
      const filesBefore = status.pages;
      try {
        for await (const events of readArchiveEvents({
          location: archive.location,
          store: archive.store,
          accounts: [account.accountId],
          regions,
          start: new Date(dayStart),
          end: new Date(dayEnd + LATE_DELIVERY_MS),
          signal: options.signal,
          onProgress: (p) => {
            status.pages = filesBefore + p.filesRead;
          },
          onUnusable: (key, found) => {
            unusable[i]!.set(key, found);
            countUnusable(i);
          },
        })) {
          const inWindow = events.filter((e) => Date.parse(e.eventTime) <= dayEnd);
          status.events += inWindow.length;
          scanned += inWindow.length;
          day.push(...inWindow);
        }
      } catch (error) {
        if (options.signal?.aborted) {
          cancelled = true;
          for (const s of statuses) if (s.state !== "failed") s.state = "cancelled";
          break outer;
        }
        const code = error instanceof ArchiveAccessError ? error.code : "ArchiveUnreadable";
        status.state = "failed";
        status.error = {
          code,
          message: `Reading the log files of ${account.name} (${account.accountId}) failed: ${error instanceof Error ? error.message : String(error)}`,
          hint: archiveErrorHint(code),
        };
      }
      yield { type: "progress", sources: snapshot(), apiCalls: 0, matched: emitted, scanned };
    }

    const matches = day
      .filter(
        (e) =>
          matchesQuery(e, query, skip) && !(Date.parse(e.eventTime) === end.getTime() && seen.has(e.eventId)),
      )
      .sort(newestFirst);
    const room = query.limit - emitted;
    const shown = matches.slice(0, room);
    for (let i = 0; i < shown.length; i += CHUNK) yield { type: "events", events: shown.slice(i, i + CHUNK) };
    emitted += shown.length;
    for (const event of shown) {
      const time = Date.parse(event.eventTime);
      if (last?.time === time) last.ids.push(event.eventId);
      else last = { time, ids: [event.eventId] };
    }
    if (matches.length > room) {
      truncated = true;
      break;
    }
    dayEnd = dayStart - 1;
  }

  for (const s of statuses)
    if (s.state === "running" || (s.state === "pending" && !cancelled)) s.state = "done";
  const carried = last && cursor && last.time === cursor.e ? [...seen, ...last.ids] : (last?.ids ?? []);
  yield {
    type: "done",
    complete: !truncated && !cancelled && statuses.every((s) => s.state === "done"),
    truncated,
    cursor:
      truncated && last
        ? encodeArchiveCursor({
            v: "a1",
            f: queryFingerprint(query),
            s: start.getTime(),
            e: last.time,
            seen: carried,
          })
        : null,
    apiCalls: 0,
    sources: snapshot(),
  };
}
