import "server-only";
import { getSettings } from "../config";
import { resolveSources } from "../sources/history/sources";
import { closeSharedStore } from "../store/shared-store";
import { sharedSync } from "./shared-sync";

/**
 * The server's start hook (instrumentation.ts): with TRAILSCOPE_SYNC=start every configured source
 * begins syncing at launch instead of on its first query. Either way a SIGTERM or SIGINT stops the
 * scheduler after its current page and closes the store, so the last commit is whole and the file's
 * lock is released before the process exits.
 */
export async function startSync(): Promise<void> {
  const settings = getSettings();
  if (settings.store.kind === "off") return;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void closeSharedStore()
      .catch((error: unknown) =>
        console.warn(`event store: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => process.kill(process.pid, signal));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  if (settings.sync !== "start") return;
  const sync = await sharedSync();
  sync?.ensure(await resolveSources({}));
}
