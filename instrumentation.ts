/** Runs once when the server starts, before Next hands it any request it has not already queued. */
export async function register() {
  // The condition is inlined at build time, so the Edge bundle leaves the Node-only module out.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerGuards } = await import("@/lib/security/server-start");
    startServerGuards();
  }
}
