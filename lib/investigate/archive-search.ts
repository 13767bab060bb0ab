import "server-only";
import { archiveBudget, readArchiveEvents } from "../trail-files/reader";
import { ArchiveAccessError } from "../trail-files/object-store";
import { InputError } from "../events/errors";
import type { InvestigateResponse, SearchError } from "./contract";
import type { InvestigateQuery } from "./investigate-query";
import { buildLifecycle, type MatchedEvent } from "./lifecycle";
import { matchEvent } from "./resource-match";
import { parseResourceId, type ResourceId } from "./resource-id";
import type { InvestigateOptions } from "./search";
import {
  LATE_DELIVERY_MS,
  archiveErrorHint,
  openArchive,
  type ArchiveAccountView,
  pendingArchiveStatuses,
  type OpenArchive,
} from "../sources/archive/open-archive";
import { selectArchiveAccounts } from "../sources/archive/stream-archive-events";

/**
 * The investigation over a trail's log files (`source=archive`): every event of the window is read
 * and matched against the resource, so data events (an S3 object's DeleteObject) and events older
 * than Event history's 90 days get a verdict too. No LookupEvents call is made.
 */

export interface ArchiveInvestigationPlan {
  query: InvestigateQuery;
  id: ResourceId;
  archive: OpenArchive;
  accounts: ArchiveAccountView[];
  regions: string[] | undefined;
}

/** The archive, accounts and regions to read; a bad account or bucket is the caller's mistake (InputError). */
export async function planArchiveInvestigation(query: InvestigateQuery): Promise<ArchiveInvestigationPlan> {
  const id = parseResourceId(query.resource);
  const archive = await openArchive({ bucket: query.bucket, prefix: query.prefix });
  let accounts = selectArchiveAccounts(archive, query.accounts);
  if (id.accountId) {
    accounts = accounts.filter((a) => a.accountId === id.accountId);
    if (accounts.length === 0) {
      throw new InputError([
        {
          param: "resource",
          message: `is in account ${id.accountId}, which has no log files in this archive`,
        },
      ]);
    }
  }
  const regions = id.region && !id.global ? [id.region] : query.regions;
  return { query, id, archive, accounts, regions };
}

export async function runArchiveInvestigation(
  plan: ArchiveInvestigationPlan,
  options: InvestigateOptions = {},
): Promise<InvestigateResponse> {
  const { query, id, archive, accounts, regions } = plan;
  const statuses = pendingArchiveStatuses(accounts, regions);
  const matched: MatchedEvent[] = [];
  const errors: SearchError[] = [];
  const report = () =>
    options.onProgress?.({
      phase: "lookup",
      sources: statuses.map((s) => ({ ...s })),
      apiCalls: 0,
      matched: matched.length,
    });

  const budget = archiveBudget();
  report();
  for (const [i, account] of accounts.entries()) {
    // Past the budget the other accounts are not read: the answer says it stopped and why.
    if (budget.exhausted) break;
    const status = statuses[i]!;
    status.state = "running";
    try {
      for await (const events of readArchiveEvents({
        location: archive.location,
        store: archive.store,
        accounts: [account.accountId],
        regions,
        start: query.start,
        end: new Date(query.end.getTime() + LATE_DELIVERY_MS),
        signal: options.signal,
        budget,
        onProgress: (p) => {
          status.pages = p.filesRead;
        },
      })) {
        const inWindow = events.filter((e) => Date.parse(e.eventTime) <= query.end.getTime());
        status.events += inWindow.length;
        for (const event of inWindow) {
          const match = matchEvent(event, id);
          if (match) matched.push({ event, match });
        }
        report();
      }
      status.state = "done";
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const code = error instanceof ArchiveAccessError ? error.code : "ArchiveUnreadable";
      const message = `Reading the log files of ${account.name} (${account.accountId}) failed: ${error instanceof Error ? error.message : String(error)}`;
      status.state = "failed";
      status.error = { code, message, hint: archiveErrorHint(code) };
      errors.push({
        accountId: account.accountId,
        accountName: account.name,
        region: status.region,
        code,
        message,
        hint: archiveErrorHint(code),
      });
    }
    report();
  }

  const files = statuses.reduce((n, s) => n + s.pages, 0);
  const life = buildLifecycle(id, matched, {
    source: "archive",
    window: { start: query.start, end: query.end },
    regionsSearched: regions ?? [],
    regionsNotSearched: [],
    errors,
    // The archive keeps what its bucket keeps: nothing in the window fell out of it.
    historyStart: query.start,
    effort: {
      lookups: 0,
      apiCalls: 0,
      eventsRead: statuses.reduce((n, s) => n + s.events, 0),
      scanned: false,
    },
  });
  life.verdict.reasons.push({
    code: "archive-searched",
    description: archive.description,
    files,
    accounts: accounts.length,
  });
  if (budget.exhausted) life.verdict.reasons.push({ code: "search-stopped-early", reason: budget.exhausted });
  return {
    resource: { input: id.input, form: id.form, arn: id.arn, name: id.name, lookedUp: [] },
    window: { start: query.start.toISOString(), end: query.end.toISOString() },
    ...life,
    regionsSearched: regions ?? [],
    accountsSearched: accounts.map((a) => a.accountId),
    errors,
    apiCalls: 0,
    searched: [],
    // Every event of the window was read: no fallback scan of delete events was needed.
    scanned: false,
    complete: errors.length === 0 && !budget.exhausted,
    ...(budget.exhausted ? { truncatedReason: `Stopped early: ${budget.exhausted}.` } : {}),
  };
}
