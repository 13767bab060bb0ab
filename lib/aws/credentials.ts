import "server-only";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { Account } from "./account";

/**
 * Credentials for an account of the `aws` source, always from the SDK's own providers (profiles,
 * SSO, environment, STS AssumeRole). Trailscope never reads, stores or logs the secrets themselves.
 */

export type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

const ROLE_SESSION_NAME = "trailscope";

type Identity = Awaited<ReturnType<CredentialProvider>>;

/** Temporary credentials are reused until five minutes before they expire; a failure is not cached. */
function memoize(provider: CredentialProvider): CredentialProvider {
  let pending: Promise<Identity> | undefined;
  return async (options) => {
    if (pending) {
      const current = await pending.catch(() => undefined);
      if (current && (!current.expiration || current.expiration.getTime() - Date.now() > 5 * 60_000))
        return current;
    }
    pending = provider(options);
    return pending;
  };
}

const globalStore = globalThis as typeof globalThis & {
  __trailscopeCredentials?: Map<string, CredentialProvider>;
};

function build(account: Account, region: string): CredentialProvider {
  const { profile, roleArn, externalId, baseProfile } = account.credentials;
  if (roleArn) {
    return fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: ROLE_SESSION_NAME,
        ...(externalId ? { ExternalId: externalId } : {}),
      },
      masterCredentials: baseProfile ? fromIni({ profile: baseProfile }) : fromNodeProviderChain(),
      clientConfig: { region },
    });
  }
  if (profile) return fromIni({ profile });
  return fromNodeProviderChain();
}

/**
 * One provider per account and credential description, shared by its regions' clients so a role is
 * assumed once, not once per region. `region` is where STS is called for an assumed role.
 */
export function credentialProviderFor(account: Account, region: string): CredentialProvider {
  const cache = (globalStore.__trailscopeCredentials ??= new Map());
  const key = `${account.id}|${JSON.stringify(account.credentials)}`;
  let provider = cache.get(key);
  if (!provider) {
    provider = memoize(build(account, region));
    cache.set(key, provider);
  }
  return provider;
}
