import "server-only";
import type { Account } from "./account";
import { credentialProviderFor } from "./credentials";
import { getSettings } from "../config";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { SourceFailure } from "./errors";
import { CloudTrailClient } from "./operations";
import { RateLimiter } from "./rate-limiter";

/**
 * SDK clients per (account, region) and the process-wide rate limiter. Both live on globalThis:
 * Next bundles route handlers and pages separately, and they must share one limiter per source.
 */

interface Shared {
  limiter: RateLimiter;
  clients: Map<string, CloudTrailClient>;
}

const globalStore = globalThis as typeof globalThis & { __trailscopeCloudTrail?: Shared };

function shared(): Shared {
  return (globalStore.__trailscopeCloudTrail ??= {
    limiter: new RateLimiter(() => getSettings().rate),
    clients: new Map(),
  });
}

/** The limiter every LookupEvents attempt (retries included) goes through, keyed by `sourceKey`. */
export function sharedLimiter(): RateLimiter {
  return shared().limiter;
}

export function sourceKey(account: Account, region: string): string {
  return `${account.id}/${region}`;
}

/**
 * The demo source signs with the account's demo key for the emulator's URL; the aws source uses the
 * SDK's credential providers and real endpoints (the SDK honours AWS_ENDPOINT_URL_CLOUDTRAIL itself).
 */
export function cloudTrailClient(account: Account, region: string): CloudTrailClient {
  const settings = getSettings();
  if (settings.source === "demo" && !settings.emulatorUrl) {
    throw new SourceFailure({
      code: "EmulatorNotConfigured",
      message: "No demo CloudTrail endpoint is configured.",
      hint: "Start Trailscope with npm start, or set TRAILSCOPE_EMULATOR_URL to a running demo endpoint.",
    });
  }
  const key = `${settings.source}|${settings.emulatorUrl ?? ""}|${account.id}|${JSON.stringify(account.credentials)}|${region}`;
  const clients = shared().clients;
  let client = clients.get(key);
  if (!client) {
    client = new CloudTrailClient({
      region,
      maxAttempts: settings.maxAttempts,
      retryMode: "standard",
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      ...(settings.source === "demo"
        ? {
            endpoint: settings.emulatorUrl,
            credentials: {
              accessKeyId: demoAccessKeyId(account.id),
              secretAccessKey: DEMO_SECRET_ACCESS_KEY,
            },
          }
        : { credentials: credentialProviderFor(account, region) }),
    });
    clients.set(key, client);
  }
  return client;
}
