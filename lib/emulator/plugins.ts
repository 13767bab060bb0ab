import type { EmulatorPlugin } from "./plugin";
import { stsPlugin } from "./sts";
import { trailsPlugin } from "./trails/trails-plugin";

/** Operations beyond LookupEvents. Add a plugin by appending it here; the dispatcher needs no change. */
export const plugins: EmulatorPlugin[] = [stsPlugin, trailsPlugin];
