import "server-only";
import type { SourceError, SourceStatus, StorePlan } from "@/lib/events/api-contract";
import type { AuditEvent } from "@/lib/events/audit-event";
import { InputError, UpstreamError } from "@/lib/events/errors";
import { HISTORY_MS } from "@/lib/query/event-query";
import type { Account } from "@/lib/aws/account";
import { accountRegions, resolveAccounts } from "@/lib/accounts/registry";
import { getSettings } from "@/lib/config";
import {
  firstToken,
  hybridPageSource,
  planSegments,
  tokenSegment,
  type Segment,
} from "@/lib/sources/history/hybrid-source";
import { lookupPages, type Source } from "@/lib/sources/history/lookup";
import type { StoreQuery } from "@/lib/store/compile-query";
import type { Store } from "@/lib/store/open-store";
import { queryStore } from "@/lib/store/query-store";
import { sharedStore } from "@/lib/store/shared-store";
import { sharedSync } from "@/lib/sync/shared-sync";
import type { InvestigatePhase, InvestigateResponse, SearchError, SearchStep } from "./contract";
import { classifyEventName, isGlobalSource, scanEventNames } from "../events/event-kinds";
import type { InvestigateQuery } from "./investigate-query";
import { buildLifecycle, type MatchedEvent } from "./lifecycle";
import { matchEvent, valueNamesResource } from "./resource-match";
import { alternateNames, parseResourceId, scanTargets, type ResourceId } from "./resource-id";

/**
 * The search strategy: ResourceName lookups first (only the resource's own events, a call or two per
 * region), then the other spellings the services record (ARN ↔ short name, queue URL); when nothing
 * names the resource, a scan of the likely services' delete-type events by EventName, and last, for
 * services outside the resource table, a scan of the newest write events (ReadOnly=false) for a
 * successful or failed delete-type call whose parameters or response hold the identifier exactly.
 *
 * With the event store open, every lookup reads the intervals the store holds of its source from SQL
 * (the attribute as the same filter) and only the rest from LookupEvents (hybrid-source.ts), so an
 * investigation of synced sources costs no API call.
 */

/** LookupEvents returns 50 events a page; a resource with more than 1000 events in a region is cut here. */
const MAX_PAGES_PER_LOOKUP = 20;
/** The write-event scan reads the newest 2,000 writes of each source: 40 calls, 20 s at 2 per second. */
const MAX_WRITE_SCAN_PAGES = 40;
const GLOBAL_REGION = "us-east-1";
/** The characters of AWS names, IDs, ARNs and queue URLs (Lambda's `$LATEST`, log groups' `#`...). */
const PLAUSIBLE_IDENTIFIER = /^[A-Za-z0-9_+=,.@:/#$*~-]+$/;

export interface InvestigateProgress {
  phase: InvestigatePhase;
  sources: SourceStatus[];
  apiCalls: number;
  matched: number;
}

export interface InvestigateOptions {
  signal?: AbortSignal;
  onProgress?: (progress: InvestigateProgress) => void;
}

/** One page of a lookup, from the store (no API call) or LookupEvents; `more`: another page follows. */
interface LookupRead {
  events: AuditEvent[];
  apiCalls: number;
  fromStore: boolean;
  more: boolean;
}

interface SourceState {
  source: Source;
  /** The source's window as store and LookupEvents segments, planned once so every lookup splits it alike. */
  segments: { segments: Segment[]; asOf: number | null; syncedTo: number | null } | null;
  status: SourceStatus;
  /** Values already looked up by ResourceName in this source. */
  lookedUp: Set<string>;
  matched: MatchedEvent[];
  failed: boolean;
}

function planRegions(
  id: ResourceId,
  query: InvestigateQuery,
  configured: string[],
): { regions: string[]; notSearched: string[] } {
  if (id.global) return { regions: [GLOBAL_REGION], notSearched: [] };
  if (id.region) return { regions: [id.region], notSearched: [] };
  // Global services (IAM...) are only in us-east-1's history, so it is always searched for a bare name.
  const regions = query.regions ?? [...new Set([...configured, GLOBAL_REGION])];
  return { regions, notSearched: configured.filter((r) => !regions.includes(r)) };
}

export interface InvestigationPlan {
  query: InvestigateQuery;
  id: ResourceId;
  accounts: Account[];
  regions: string[];
  notSearched: string[];
  /**
   * What answers the covered intervals; `shared` is the process's store, which the sync keeps current.
   * With `source=all` it is open (the plan is refused otherwise) and each lookup adds its archive-only rows.
   */
  store:
    | { status: "open"; store: Store; shared: boolean }
    | { status: "off" }
    | { status: "unavailable"; message: string };
  /** Event history's oldest time when the investigation began: every store read of it draws this line. */
  historySince: number;
}

/**
 * Resolves the accounts and regions to search; bad accounts are the caller's mistake (InputError, HTTP 400).
 * `store`: the store to answer from, default the shared one (null: live only, as with TRAILSCOPE_STORE=off).
 */
export async function planInvestigation(
  query: InvestigateQuery,
  { store }: { store?: Store | null } = {},
): Promise<InvestigationPlan> {
  const id = parseResourceId(query.resource);
  let accounts = await resolveAccounts(query.accounts);
  if (id.accountId) {
    accounts = accounts.filter((a) => a.id === id.accountId);
    if (accounts.length === 0) {
      throw new InputError([
        {
          param: "resource",
          message: `is in account ${id.accountId}, which is not among the accounts searched`,
        },
      ]);
    }
  }
  const configured = [...new Set(accounts.flatMap(accountRegions))];
  return {
    query,
    id,
    accounts,
    ...planRegions(id, query, configured),
    store: await chooseStore(query, store),
    historySince: Date.now() - HISTORY_MS,
  };
}

async function chooseStore(
  query: InvestigateQuery,
  given: Store | null | undefined,
): Promise<InvestigationPlan["store"]> {
  const opened =
    given === undefined
      ? await sharedStore()
      : given
        ? ({ status: "open", store: given } as const)
        : ({ status: "off" } as const);
  if (query.source === "all" && opened.status !== "open") {
    throw new InputError([
      {
        param: "source",
        message: `all needs the event store, which is ${opened.status === "off" ? "off (TRAILSCOPE_STORE=off)" : "not available now"}`,
      },
    ]);
  }
  if (opened.status === "open") return { status: "open", store: opened.store, shared: given === undefined };
  if (opened.status === "off") return { status: "off" };
  return { status: "unavailable", message: opened.error.message };
}

/** A lookup as a store query of one source: the attribute is the same exact-match filter there. */
function storeLookup(source: Source, attribute: SearchStep["lookup"], query: InvestigateQuery): StoreQuery {
  const base: StoreQuery = {
    start: query.start,
    end: query.end,
    account: [source.account.id],
    region: [source.region],
    readOnly: "all",
  };
  if (attribute.key === "ResourceName") return { ...base, resourceName: attribute.value };
  if (attribute.key === "EventName") return { ...base, eventName: attribute.value };
  return { ...base, readOnly: attribute.value === "true" ? "true" : "false" };
}

/** `store`: as planInvestigation's (default the shared store; null: live only). */
export async function investigate(
  query: InvestigateQuery,
  { store, ...options }: InvestigateOptions & { store?: Store | null } = {},
): Promise<InvestigateResponse> {
  return runInvestigation(await planInvestigation(query, { store }), options);
}

export async function runInvestigation(
  plan: InvestigationPlan,
  options: InvestigateOptions = {},
): Promise<InvestigateResponse> {
  const { query, id, accounts, regions, notSearched, store } = plan;
  const states: SourceState[] = accounts.flatMap((account) =>
    regions.map((region) => ({
      source: { account, region },
      segments: null,
      status: {
        accountId: account.id,
        accountName: account.name,
        region,
        state: "pending",
        pages: 0,
        events: 0,
      },
      lookedUp: new Set<string>(),
      matched: [],
      failed: false,
    })),
  );

  if (store.status === "open") {
    // As for /api/events: the sources investigated start syncing, so the next look at them costs no call.
    if (store.shared) (await sharedSync())?.ensure(states.map((s) => s.source));
    const now = Date.now();
    const freshnessMs = getSettings().syncIntervalMs;
    const window = { start: query.start.getTime(), end: query.end.getTime() };
    await Promise.all(
      states.map(async (state) => {
        state.segments = await planSegments(store.store, state.source, window, { now, freshnessMs });
      }),
    );
  }

  let apiCalls = 0;
  let phase: InvestigatePhase = "lookup";
  let truncated = false;
  let scanTruncated = false;
  const searched: SearchStep[] = [];
  const matchedCount = () => states.reduce((n, s) => n + s.matched.length, 0);
  const report = () =>
    options.onProgress?.({
      phase,
      sources: states.map((s) => ({ ...s.status })),
      apiCalls,
      matched: matchedCount(),
    });

  /** One lookup's pages, newest first: from the store where it covers the source, from LookupEvents elsewhere. */
  async function* pagesOf(state: SourceState, attribute: SearchStep["lookup"]): AsyncGenerator<LookupRead> {
    if (store.status !== "open" || !state.segments) {
      const pages = lookupPages(state.source, {
        attribute,
        start: query.start,
        end: query.end,
        signal: options.signal,
      });
      for await (const page of pages) {
        const events = page.events.map((e) => ({ ...e, origin: "history" as const }));
        yield { events, apiCalls: page.apiCalls, fromStore: false, more: page.nextToken !== undefined };
      }
      return;
    }
    // The attribute is applied by LookupEvents in live segments and as the same filter in store ones;
    // live pages are written into the store, but never as coverage, since they hold only some events.
    const pages = hybridPageSource({
      store: store.store,
      source: state.source,
      query: storeLookup(state.source, attribute, query),
      attribute,
    });
    const signal = options.signal ?? new AbortController().signal;
    let token = firstToken(state.segments.segments, plan.historySince);
    while (token !== undefined) {
      const fromStore = tokenSegment(token)?.from === "store";
      const page = await pages.fetchPage(token, signal);
      token = page.nextToken;
      yield { events: page.events, apiCalls: page.apiCalls, fromStore, more: token !== undefined };
    }
  }

  async function lookup(state: SourceState, attribute: SearchStep["lookup"]) {
    if (state.failed) return;
    if (attribute.key === "ResourceName") {
      if (state.lookedUp.has(attribute.value)) return;
      state.lookedUp.add(attribute.value);
    }
    state.status.state = "running";
    const step: SearchStep = {
      accountId: state.status.accountId,
      region: state.status.region,
      phase,
      lookup: attribute,
      calls: 0,
      events: 0,
      storeEvents: 0,
      matched: 0,
      truncated: false,
    };
    searched.push(step);
    const writeScan = attribute.key === "ReadOnly";
    const maxEvents = (writeScan ? MAX_WRITE_SCAN_PAGES : MAX_PAGES_PER_LOOKUP) * 50;
    const stop = () => {
      step.truncated = true;
      if (writeScan) scanTruncated = true;
      else truncated = true;
    };
    const consider = (events: AuditEvent[]) => {
      step.events += events.length;
      state.status.pages++;
      state.status.events += events.length;
      for (const event of events) {
        const match = matchEvent(event, id);
        if (!match) continue;
        // A scan keeps only calls on the resource itself; of every write, only the delete-type ones.
        if (attribute.key !== "ResourceName" && !match.target) continue;
        if (writeScan && classifyEventName(event.eventSource, event.eventName, event.readOnly) !== "deleted")
          continue;
        step.matched++;
        state.matched.push({ event, match });
      }
      report();
    };
    try {
      for await (const page of pagesOf(state, attribute)) {
        apiCalls += page.apiCalls;
        step.calls += page.apiCalls;
        // A store page holds up to 500 events: cut at the cap, the lookup reaches as far back as a live one.
        const kept = page.events.slice(0, maxEvents - step.events);
        if (page.fromStore) step.storeEvents += kept.length;
        consider(kept);
        if (step.events >= maxEvents && (page.more || kept.length < page.events.length)) {
          stop();
          break;
        }
      }
      if (query.source === "all" && store.status === "open") {
        // The imported archive's rows that Event history does not hold (data events, older ones), capped as a lookup is.
        const page = await queryStore(store.store, storeLookup(state.source, attribute, query), {
          limit: maxEvents,
          origin: { archiveOnly: plan.historySince },
        });
        step.storeEvents += page.events.length;
        consider(page.events);
        if (page.next) stop();
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      state.failed = true;
      state.status.state = "failed";
      state.status.error =
        error instanceof UpstreamError
          ? error.sourceError
          : {
              code: "InternalError",
              message: "The lookup failed unexpectedly.",
              hint: "See the server log.",
            };
      if (!(error instanceof UpstreamError)) console.error("investigate lookup failed:", error);
      report();
    }
  }

  /** The spellings of the resource that matched events record in this source but were not looked up yet. */
  function followUps(state: SourceState): string[] {
    const out = new Set<string>();
    for (const { event } of state.matched) {
      for (const r of event.resources) {
        if (!state.lookedUp.has(r.name) && valueNamesResource(r.name, id, event)) out.add(r.name);
      }
    }
    return [...out];
  }

  async function eachSource(work: (state: SourceState) => Promise<void>) {
    await Promise.all(
      states.map(async (state) => {
        await work(state);
        if (!state.failed && state.status.state === "running") {
          state.status.state = "done";
          report();
        }
      }),
    );
  }

  const firstNames = (state: SourceState) =>
    id.form === "name"
      ? [id.input]
      : [id.input, ...alternateNames(id, state.status.accountId, state.status.region)];

  report();
  await eachSource(async (state) => {
    for (const value of firstNames(state)) await lookup(state, { key: "ResourceName", value });
  });

  // Spaces, quotes, angle brackets…: no AWS identifier has them, so only the exact lookup above can match.
  const plausible = PLAUSIBLE_IDENTIFIER.test(id.input);
  if (matchedCount() === 0 && id.form === "name" && plausible) {
    phase = "alternate-names";
    await eachSource(async (state) => {
      for (const value of alternateNames(id, state.status.accountId, state.status.region)) {
        await lookup(state, { key: "ResourceName", value });
      }
    });
  }

  let scanned = false;
  if (matchedCount() === 0 && plausible) {
    phase = "scan";
    scanned = true;
    await eachSource(async (state) => {
      for (const { source, field, every } of scanTargets(id)) {
        if (isGlobalSource(source) && state.status.region !== GLOBAL_REGION) continue;
        for (const eventName of scanEventNames(source, field, every))
          await lookup(state, { key: "EventName", value: eventName });
      }
    });
  }
  if (matchedCount() === 0 && plausible) {
    phase = "write-scan";
    await eachSource((state) => lookup(state, { key: "ReadOnly", value: "false" }));
  }

  // Events found under one spelling may be recorded under another (a name in the request, the ARN in resources[]).
  await eachSource(async (state) => {
    for (let round = 0; round < 3; round++) {
      const next = followUps(state);
      if (next.length === 0) break;
      for (const value of next) await lookup(state, { key: "ResourceName", value });
    }
  });

  for (const state of states) if (!state.failed) state.status.state = "done";
  report();

  const errors: SearchError[] = states
    .filter((s) => s.status.error)
    .map((s) => {
      const e = s.status.error as SourceError;
      return {
        accountId: s.status.accountId,
        accountName: s.status.accountName,
        region: s.status.region,
        code: e.code,
        message: e.message,
        hint: e.hint,
      };
    });
  const matched = states.flatMap((s) => s.matched);
  const life = buildLifecycle(id, matched, {
    source: "history",
    window: { start: query.start, end: query.end },
    regionsSearched: regions,
    regionsNotSearched: notSearched,
    errors,
    historyStart: new Date(query.end.getTime() - HISTORY_MS),
    effort: {
      lookups: searched.length,
      apiCalls,
      eventsRead: searched.reduce((n, step) => n + step.events, 0),
      scanned,
    },
  });
  if (!plausible && matched.length === 0) life.verdict.reasons.push({ code: "implausible-identifier" });
  if (truncated)
    life.verdict.reasons.push({ code: "lookup-truncated", maxEvents: MAX_PAGES_PER_LOOKUP * 50 });
  if (scanTruncated && matched.length === 0)
    life.verdict.reasons.push({ code: "scan-truncated", maxEvents: MAX_WRITE_SCAN_PAGES * 50 });
  const lookedUp = [...new Set(states.flatMap((s) => [...s.lookedUp]))];
  return {
    resource: { input: id.input, form: id.form, arn: id.arn, name: id.name, lookedUp },
    window: { start: query.start.toISOString(), end: query.end.toISOString() },
    ...life,
    regionsSearched: regions,
    accountsSearched: accounts.map((a) => a.id),
    errors,
    apiCalls,
    searched,
    scanned,
    complete: errors.length === 0 && !truncated,
    store: storePlan(plan, states),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Where the answer came from, in /api/events' `plan.store` form: per source, its store and live segments. */
function storePlan({ store }: InvestigationPlan, states: SourceState[]): StorePlan {
  if (store.status === "off") return { status: "off", sources: [] };
  if (store.status === "unavailable") return { status: "unavailable", message: store.message, sources: [] };
  return {
    status: "open",
    sources: states.flatMap(({ status, segments }) =>
      segments
        ? [
            {
              accountId: status.accountId,
              region: status.region,
              segments: segments.segments.map((g) => ({
                start: iso(g.start),
                end: iso(g.end),
                from: g.from,
              })),
              asOf: segments.asOf === null ? null : iso(segments.asOf),
              syncedTo: segments.syncedTo === null ? null : iso(segments.syncedTo),
            },
          ]
        : [],
    ),
  };
}
