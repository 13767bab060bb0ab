import "server-only";
import { toSourceError } from "../aws/errors";
import { getSettings } from "../config";
import type { Store } from "../store/open-store";
import { beforeSharedStoreCloses, sharedStore } from "../store/shared-store";
import { lookupPage } from "../sources/history/lookup";
import { SyncScheduler } from "./sync-scheduler";

/**
 * The one scheduler that keeps the shared store synced. Kept with the store instance it writes to: when
 * the store is closed (shutdown, tests) the scheduler is stopped first, and a reopened store gets a new one.
 */

const globalSync = globalThis as typeof globalThis & {
  __trailscopeSync?: { store: Store; sync: SyncScheduler };
};

/** Undefined when the store is off or unavailable. */
export async function sharedSync(): Promise<SyncScheduler | undefined> {
  const opened = await sharedStore();
  if (opened.status !== "open") return undefined;
  const held = globalSync.__trailscopeSync;
  if (held?.store === opened.store) return held.sync;
  const settings = getSettings();
  const sync = new SyncScheduler({
    store: opened.store,
    lookup: lookupPage,
    days: settings.syncDays,
    intervalMs: settings.syncIntervalMs,
    describeError: (error) => {
      const { code, message } = toSourceError(error, { source: settings.source });
      return `${code}: ${message}`;
    },
  });
  globalSync.__trailscopeSync = { store: opened.store, sync };
  beforeSharedStoreCloses(async () => {
    if (globalSync.__trailscopeSync?.sync === sync) globalSync.__trailscopeSync = undefined;
    await sync.stop();
  });
  return sync;
}
