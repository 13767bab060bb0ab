import "server-only";
import { getSettings } from "../config";
import { openStore, type OpenStoreResult } from "./open-store";

/**
 * The process's one store, opened on first use from TRAILSCOPE_STORE. On globalThis because Next
 * bundles route handlers and pages separately, and DuckDB allows one open instance of a file per
 * process. What writes into it in the background (lib/sync) registers a stop to run before it closes.
 */

interface Shared {
  opened: Promise<OpenStoreResult>;
  beforeClose: (() => Promise<void>)[];
}

const globalStore = globalThis as typeof globalThis & { __trailscopeStore?: Shared };

function shared(): Shared {
  return (globalStore.__trailscopeStore ??= {
    opened: openStore(getSettings().store).then((result) => {
      if (result.status === "unavailable") console.warn(`event store: ${result.error.message}`);
      return result;
    }),
    beforeClose: [],
  });
}

export function sharedStore(): Promise<OpenStoreResult> {
  return shared().opened;
}

/** Runs `stop` before the shared store closes: a writer must finish its transaction first. */
export function beforeSharedStoreCloses(stop: () => Promise<void>): void {
  shared().beforeClose.push(stop);
}

/** Stops its background writers and closes the store (shutdown, tests); the next `sharedStore()` opens it again. */
export async function closeSharedStore(): Promise<void> {
  const state = globalStore.__trailscopeStore;
  globalStore.__trailscopeStore = undefined;
  if (!state) return;
  await Promise.all(state.beforeClose.map((stop) => stop()));
  const opened = await state.opened;
  if (opened.status === "open") await opened.store.close();
}
