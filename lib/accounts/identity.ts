import "server-only";
import type { Account } from "../aws/account";
import { credentialProviderFor } from "../aws/credentials";
import { getSettings, type Settings } from "../config";
import { DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../demo/accounts";
import { SourceFailure, toSourceError } from "../aws/errors";
import { GetCallerIdentityCommand, STSClient } from "../aws/operations";

/**
 * Whether the credentials used for an account belong to it (sts:GetCallerIdentity, which needs no
 * permission). Without this check, two accounts that fall back to one default credential both read
 * the same Event history and every event is shown once per account.
 */

const globalStore = globalThis as typeof globalThis & {
  __trailscopeIdentities?: Map<string, Promise<string>>;
};

/** Accounts whose credentials are described alike use the same credential, so they share one answer. */
function credentialKey(settings: Settings, account: Account): string {
  return settings.source === "demo"
    ? `demo|${settings.emulatorUrl ?? ""}|${demoAccessKeyId(account.id)}`
    : `aws|${JSON.stringify(account.credentials)}`;
}

async function callerAccountId(settings: Settings, account: Account, region: string): Promise<string> {
  const sts = new STSClient({
    region,
    maxAttempts: settings.maxAttempts,
    ...(settings.source === "demo"
      ? {
          endpoint: settings.emulatorUrl,
          credentials: { accessKeyId: demoAccessKeyId(account.id), secretAccessKey: DEMO_SECRET_ACCESS_KEY },
        }
      : { credentials: credentialProviderFor(account, region) }),
  });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error("GetCallerIdentity returned no account");
    return identity.Account;
  } catch (error) {
    throw new SourceFailure(toSourceError(error, { source: settings.source, account, region }));
  } finally {
    sts.destroy();
  }
}

/**
 * The account the credentials of `account` belong to, asked once per distinct credential and kept
 * for the process. A failure (an expired session) is not kept, so the next request asks again.
 */
export function credentialAccountId(account: Account, region: string): Promise<string> {
  const settings = getSettings();
  const cache = (globalStore.__trailscopeIdentities ??= new Map());
  const key = credentialKey(settings, account);
  const cached = cache.get(key);
  if (cached) return cached;
  const asking = callerAccountId(settings, account, region);
  cache.set(key, asking);
  asking.catch(() => {
    if (cache.get(key) === asking) cache.delete(key);
  });
  return asking;
}

/** Throws a `SourceFailure` naming the account when its credentials belong to another one. */
export async function verifyAccountIdentity(account: Account, region: string): Promise<void> {
  const actual = await credentialAccountId(account, region);
  if (actual === account.id) return;
  throw new SourceFailure({
    code: "CredentialsAccountMismatch",
    message: `account ${account.id} (${account.name}): its credentials belong to ${actual}; not read`,
    hint:
      "Give this account credentials of its own in trailscope.config.json (a profile or a roleArn in that " +
      "account); accounts without any fall back to the default credentials, which belong to one account only.",
  });
}
