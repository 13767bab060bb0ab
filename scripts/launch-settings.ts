import { parseSettings, SettingsError, type Settings } from "../lib/config/settings-schema";
import { isLoopbackHost } from "../lib/security/loopback";

/**
 * The settings the launcher starts with: the app's own parser and defaults, so what it starts (the
 * emulator, its folder, the address) is what the app will read. Throws a message for the terminal.
 */
export function launcherSettings(env: Record<string, string | undefined>): Settings {
  try {
    // Beyond loopback, an empty token is first of all a missing one: say that before judging it.
    const { TRAILSCOPE_TOKEN: token, ...withoutToken } = env;
    const { host } = parseSettings(withoutToken);
    if (!isLoopbackHost(host) && !token) {
      throw new Error(
        `refusing to listen on ${host} without an access token: anyone who can reach it would see this ` +
          "account's activity. Set TRAILSCOPE_TOKEN (16+ random characters) or listen on 127.0.0.1.",
      );
    }
    return parseSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new Error(error.problems.map((p) => `${p.setting} ${p.message}.`).join(" "));
  }
}
