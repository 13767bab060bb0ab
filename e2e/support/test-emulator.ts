import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { FaultInjector } from "../../emulator/faults";

/**
 * An emulator in the spec's own process, so the spec can inject faults and read the store the app's
 * answers must match. The rate is AWS's (2 LookupEvents per second per account and region).
 */
export async function startTestEmulator(options: { eventCount?: number } = {}): Promise<{
  emulator: RunningEmulator;
  faults: FaultInjector;
}> {
  const faults = new FaultInjector({ control: true });
  const emulator = await startEmulator({ eventCount: options.eventCount ?? 4000, plugins: [faults] });
  return { emulator, faults };
}
