import "server-only";
import { z } from "zod";
import { archiveBudget, listLogFiles, type LogFile } from "../../trail-files/reader";
import { LATE_DELIVERY_MS } from "../../trail-files/reader";
import type { EventStreamMessage, QueryPlan } from "../../events/api-contract";
import type { AuditEvent } from "../../events/audit-event";
import { InputError } from "../../events/errors";
import { RANGE_PRESETS, type EventQuery } from "../../query/event-query";
import { matchesQuery, type MatchedParam } from "../../query/matcher";
import { planQuery } from "../../query/planner";
import { cursorWindow, openCursor, sealCursor } from "../../query/opaque-cursor";
import { DAY, HOUR, MINUTE } from "../../shared/time";
import {
  openArchive,
  type ArchiveAccountView,
  pendingArchiveStatuses,
  type OpenArchive,
} from "./open-archive";
import { archiveReadError, readAccountEvents, type ArchiveRead } from "./read-account";

/**
 * `/api/events?source=archive`: the events of a trail's log files, newest first, with the query's
 * filters applied here (nothing goes to LookupEvents). The window's files are listed once, then read
 * one UTC day at a time from the newest (days without files are skipped), so the first rows arrive
 * after one day's files; progress counts files read per account. At most `limit` events, and at most
 * the request's budget of files and events; the cursor resumes after the last one shown.
 */

const CHUNK = 500;

const CURSOR_KIND = "archive/1";

const cursorSchema = z.object({
  /** The window start and the time of the last event shown, epoch milliseconds. */
  s: z.number().int(),
  e: z.number().int(),
  /** Events already shown at exactly `e` (several can share a second). */
  seen: z.array(z.string().max(200)).max(10_000),
});

function decodeArchiveCursor(text: string, query: EventQuery) {
  const cursor = openCursor(text, CURSOR_KIND, query, cursorSchema);
  const window = cursorWindow(
    cursor.s,
    cursor.e,
    query,
    query.range ? RANGE_PRESETS[query.range] : undefined,
  );
  return { ...window, seen: cursor.seen };
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

/**
 * The UTC days of the window, newest first, that some listed file can hold events of: a file delivered
 * at d holds events from about d minus the late delivery, so it touches at most two days.
 */
function daysToRead(files: LogFile[], start: Date, end: Date): [number, number][] {
  const first = Math.floor(start.getTime() / DAY);
  const lastDay = Math.floor(end.getTime() / DAY);
  const days = new Set<number>();
  for (const f of files) {
    const from = Math.max(first, Math.floor((f.deliveredAt - LATE_DELIVERY_MS - HOUR) / DAY));
    const to = Math.min(lastDay, Math.floor((f.deliveredAt + MINUTE) / DAY));
    for (let k = from; k <= to; k++) days.add(k);
  }
  return [...days]
    .sort((a, b) => b - a)
    .map((k) => [Math.max(start.getTime(), k * DAY), Math.min(end.getTime(), (k + 1) * DAY - 1)]);
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
  const start = cursor?.start ?? query.start;
  const end = cursor?.end ?? query.end;
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
  const budget = archiveBudget();
  const read: ArchiveRead = { archive, regions, signal: options.signal, budget };
  /** Marks account `i` failed; false when the request was cancelled instead, and everything stops. */
  const recordFailure = (i: number, error: unknown): boolean => {
    if (options.signal?.aborted) {
      cancelled = true;
      for (const s of statuses) if (s.state !== "failed") s.state = "cancelled";
      return false;
    }
    const status = statuses[i]!;
    status.state = "failed";
    status.error = archiveReadError(accounts[i]!, error);
    return true;
  };

  // One listing per account over the whole window: only the days its files can hold are read.
  const files: LogFile[][] = accounts.map(() => []);
  for (const [i, account] of accounts.entries()) {
    try {
      files[i] = await listLogFiles({
        location: archive.location,
        store: archive.store,
        regions,
        signal: options.signal,
        budget,
        accounts: [account.accountId],
        start,
        end: new Date(end.getTime() + LATE_DELIVERY_MS),
      });
    } catch (error) {
      if (!recordFailure(i, error)) break;
    }
  }
  // Past the budget the older days are not all listed: reading them would answer wrongly, not just partly.
  const days = cancelled || budget.exhausted ? [] : daysToRead(files.flat(), start, end);

  outer: for (const [dayStart, dayEnd] of days) {
    const day: AuditEvent[] = [];
    for (const [i, account] of accounts.entries()) {
      const status = statuses[i]!;
      if (status.state === "failed") continue;
      status.state = "running";
      try {
        for await (const events of readAccountEvents(
          read,
          account,
          { start: new Date(dayStart), end: new Date(dayEnd) },
          status,
          {
            files: files[i]!,
            onUnusable: (key, found) => {
              unusable[i]!.set(key, found);
              countUnusable(i);
            },
          },
        )) {
          scanned += events.length;
          day.push(...events);
        }
      } catch (error) {
        if (!recordFailure(i, error)) break outer;
      }
      yield { type: "progress", sources: snapshot(), apiCalls: 0, matched: emitted, scanned };
    }
    // A day cut by the budget is not shown: the cursor continues after the last complete one.
    if (budget.exhausted) break;

    const matches = day
      .filter(
        (e) =>
          matchesQuery(e, query, skip) && !(Date.parse(e.eventTime) === end.getTime() && seen.has(e.eventId)),
      )
      .sort(newestFirst);
    const room = query.limit - emitted;
    const shown = matches.slice(0, room).map((e) => ({ ...e, origin: "archive" as const }));
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
  }
  if (budget.exhausted) truncated = true;

  for (const s of statuses)
    if (s.state === "running" || (s.state === "pending" && !cancelled)) s.state = "done";
  const carried =
    last && cursor && last.time === cursor.end.getTime() ? [...seen, ...last.ids] : (last?.ids ?? []);
  yield {
    type: "done",
    complete: !truncated && !cancelled && statuses.every((s) => s.state === "done"),
    truncated,
    ...(budget.exhausted ? { truncatedReason: `Stopped early: ${budget.exhausted}.` } : {}),
    cursor:
      truncated && last
        ? sealCursor(CURSOR_KIND, query, { s: start.getTime(), e: last.time, seen: carried })
        : null,
    apiCalls: 0,
    sources: snapshot(),
  };
}
