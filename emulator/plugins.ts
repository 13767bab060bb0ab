import { FaultInjector } from "./faults";
import { createOrganizationsPlugin } from "./organizations";
import type { EmulatorPlugin } from "./plugin";
import { stsPlugin } from "./sts";
import { createTrailsPlugin } from "./trails/trails-plugin";

/**
 * Operations beyond LookupEvents. Add a plugin by appending it here; the dispatcher needs no change.
 * Fresh instances per emulator: plugins keep what `init` told them, and one process may run several
 * emulators (tests, the benchmark) over different stores.
 */
export function createPlugins(): EmulatorPlugin[] {
  return [
    stsPlugin,
    createTrailsPlugin(),
    createOrganizationsPlugin(),
    // TRAILSCOPE_EMULATOR_FAULTS rules; the /__faults endpoint only with TRAILSCOPE_EMULATOR_TEST_MODE=1.
    FaultInjector.fromEnv(),
  ];
}
