import "server-only";
import { getSettings } from "../config";
import { tagPeerAddresses } from "./peer-address";

/**
 * What instrumentation.ts runs in the Node.js server before it serves: settings that do not parse (a
 * weak TRAILSCOPE_TOKEN among them) stop the server even when `next start` is run without the
 * launcher, rather than failing every request.
 */
export function startServerGuards(): void {
  try {
    getSettings();
  } catch (error) {
    console.error(`trailscope: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  tagPeerAddresses();
}
