import "server-only";
import { parseSettings, type Settings } from "./settings-schema";

export {
  DEMO_REGIONS,
  parseSettings,
  storeSetting,
  type Settings,
  type StoreSetting,
} from "./settings-schema";

let current: Settings | undefined;

/** The process's settings, parsed from its environment on first use; an invalid value throws, naming it. */
export function getSettings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/**
 * The seam tests use instead of writing to `process.env`: `getSettings()` answers `settings` from now
 * on, and `undefined` makes it read the environment again.
 */
export function setSettingsForTest(settings: Settings | undefined): void {
  current = settings;
}

/** Whether Event history's 90-day retention applies: not to downloaded log files served by the demo endpoint. */
export function keepsOnly90Days(settings: Settings = getSettings()): boolean {
  return !(settings.source === "demo" && settings.dataPath);
}
