/**
 * Runs once when the server starts, before Next hands it any request it has not already queued:
 * settings that do not parse (a weak TRAILSCOPE_TOKEN among them) stop the server even when
 * `next start` is run without the launcher, rather than failing every request; then every request's
 * socket address is tagged for the proxy's peer check, and the event store's sync is started
 * (TRAILSCOPE_SYNC=start) and set to stop cleanly on SIGTERM/SIGINT.
 */
export async function register() {
  // The condition is inlined at build time, so the Edge bundle leaves the Node-only modules out.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getSettings }, { tagPeerAddresses }] = await Promise.all([
    import("@/lib/config"),
    import("@/lib/security/peer-address"),
  ]);
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
