/**
 * Runs once when the server starts, before Next hands it any request: refuses to start on invalid
 * settings (a weak TRAILSCOPE_TOKEN among them) even when `next start` is run without the launcher,
 * and tags each request with its socket address for proxy.ts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getSettings } = await import("@/lib/config");
  try {
    getSettings();
  } catch (error) {
    console.error(`trailscope: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { tagPeerAddresses } = await import("@/lib/security/peer-address");
  tagPeerAddresses();
}
