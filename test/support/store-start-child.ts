import { sharedStore } from "../../lib/store/shared-store";
import { sharedSync } from "../../lib/sync/shared-sync";
import { startSync } from "../../lib/sync/start-sync";

/**
 * The server's start hook in a process of its own (the store, emulator and TRAILSCOPE_SYNC come from
 * the environment): prints `syncing` with the sources once the launch sync has committed something
 * (events and the interval they cover), then waits for its parent's signal.
 */
await startSync();
const sync = await sharedSync();
const opened = await sharedStore();
if (opened.status !== "open") throw new Error(`the store did not open: ${JSON.stringify(opened)}`);
const committed = async () =>
  opened.store.read(async (c) => {
    const rows = (await c.runAndReadAll("SELECT count(*) FROM coverage")).getRows();
    return Number(rows[0]?.[0] ?? 0) > 0;
  });
for (;;) {
  const activity = sync?.activity() ?? [];
  if (activity.some((a) => a.eventsRead > 0) && (await committed())) {
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
