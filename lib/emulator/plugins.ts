import { FaultInjector } from "./faults";
import { organizationsPlugin } from "./organizations";
import type { EmulatorPlugin } from "./plugin";
import { stsPlugin } from "./sts";
import { trailsPlugin } from "./trails/trails-plugin";

/** Operations beyond LookupEvents. Add a plugin by appending it here; the dispatcher needs no change. */
export const plugins: EmulatorPlugin[] = [
  stsPlugin,
  trailsPlugin,
  organizationsPlugin,
  // TRAILSCOPE_EMULATOR_FAULTS rules; the /__faults endpoint only with TRAILSCOPE_EMULATOR_TEST_MODE=1.
  FaultInjector.fromEnv(),
];
