/**
 * Runs once when the server starts, before Next hands it any request it has not already queued:
 * settings that do not parse (a weak TRAILSCOPE_TOKEN among them) stop the server even when
 * `next start` is run without the launcher, rather than failing every request; then every request's
 * socket address is tagged for the proxy's peer check, and the event store's sync is started
 * (TRAILSCOPE_SYNC=start) and set to stop cleanly on SIGTERM/SIGINT.
 */
export async function register() {
  // The condition is inlined at build time, so the Edge bundle leaves the Node-only module out.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNode } = await import("./instrumentation-node");
  await registerNode();
}
