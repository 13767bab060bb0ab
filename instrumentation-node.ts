import { getSettings } from "@/lib/config";
import { tagPeerAddresses } from "@/lib/security/peer-address";

/**
 * The Node.js half of instrumentation.ts, in a module of its own so the Edge build never sees its
 * Node-only calls (Turbopack warned of `process.exit` even behind the runtime check).
 */
export async function registerNode() {
  try {
    getSettings();
  } catch (error) {
    console.error(`trailscope: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  tagPeerAddresses();
  if (getSettings().store.kind === "off") return;
  // Loaded only when the store is on, and not awaited: a launch never waits on DuckDB or AWS.
  const { startSync } = await import("@/lib/sync/start-sync");
  void startSync().catch((error: unknown) =>
    console.warn(
      `event store: the sync could not start: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}
