import "server-only";
import { toSourceError } from "../aws/errors";
import { lookupPage } from "../sources/history/lookup";
import { getSettings } from "../config";
import { openStore, type OpenStoreResult } from "./open-store";
import { SyncScheduler } from "./sync-scheduler";

/**
 * The process's one store and its one sync scheduler, opened on first use from TRAILSCOPE_STORE. On
 * globalThis because Next bundles route handlers and pages separately, and DuckDB allows one open
 * instance of a file per process.
 */

interface Shared {
  opened: Promise<OpenStoreResult>;
  sync?: SyncScheduler;
}

const globalStore = globalThis as typeof globalThis & { __trailscopeStore?: Shared };

function shared(): Shared {
  return (globalStore.__trailscopeStore ??= {
    opened: openStore(getSettings().store).then((result) => {
      if (result.status === "unavailable") console.warn(`event store: ${result.error.message}`);
      return result;
    }),
  });
}

export function sharedStore(): Promise<OpenStoreResult> {
  return shared().opened;
}

/** The scheduler that keeps the shared store synced; undefined when the store is off or unavailable. */
export async function sharedSync(): Promise<SyncScheduler | undefined> {
  const state = shared();
  const opened = await state.opened;
  if (opened.status !== "open") return undefined;
  const settings = getSettings();
  state.sync ??= new SyncScheduler({
    store: opened.store,
    lookup: lookupPage,
    days: settings.syncDays,
    intervalMs: settings.syncIntervalMs,
    describeError: (error) => {
      const { code, message } = toSourceError(error, { source: settings.source });
      return `${code}: ${message}`;
    },
  });
  return state.sync;
}

/** Stops the sync and closes the store (shutdown, tests); the next `sharedStore()` opens it again. */
export async function closeSharedStore(): Promise<void> {
  const state = globalStore.__trailscopeStore;
  globalStore.__trailscopeStore = undefined;
  if (!state) return;
  await state.sync?.stop();
  const opened = await state.opened;
  if (opened.status === "open") await opened.store.close();
}
