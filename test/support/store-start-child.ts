import { sharedSync } from "../../lib/sync/shared-sync";
import { startSync } from "../../lib/sync/start-sync";

/**
 * The server's start hook in a process of its own (the store, emulator and TRAILSCOPE_SYNC come from
 * the environment): prints `syncing` with the sources once the launch sync has read something, then
 * waits for its parent's signal.
 */
await startSync();
const sync = await sharedSync();
for (;;) {
  const activity = sync?.activity() ?? [];
  if (activity.some((a) => a.eventsRead > 0)) {
    console.log(
      `syncing ${activity
        .map((a) => `${a.accountId}/${a.region}`)
        .sort()
        .join(",")}`,
    );
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
setInterval(() => undefined, 60_000);
