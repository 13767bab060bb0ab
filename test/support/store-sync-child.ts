import { lookupPage } from "../../lib/sources/history/lookup";
import { resolveSources } from "../../lib/sources/history/sources";
import { openStore } from "../../lib/store/open-store";
import { readPlan, syncWindow } from "../../lib/sync/sync";

/**
 * Backfills the store file argv[2] in its own process, a few pages per step, printing `step` after each
 * committed step, until its parent kills it: the crash-resume test needs a real process dying mid-sync.
 * The emulator and accounts come from the environment (TRAILSCOPE_EMULATOR_URL…), `now` from argv[3].
 */
const [file = "", nowText = ""] = process.argv.slice(2);
const now = Number(nowText);
const opened = await openStore({ kind: "file", path: file });
if (opened.status !== "open") throw new Error(JSON.stringify(opened));
const store = opened.store;
const sources = await resolveSources({});
for (;;) {
  let read = false;
  for (const source of sources) {
    const plan = await readPlan(store, source, { now, days: 90 });
    if (!plan.backfill) continue;
    await syncWindow({ store, lookup: lookupPage }, source, plan.backfill, { maxPages: 2 });
    read = true;
    console.log("step");
  }
  if (!read) break;
}
console.log("finished");
await store.close();
