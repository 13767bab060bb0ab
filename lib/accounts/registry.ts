import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Account } from "../aws/account";
import { parseAccountsFile, parseAccountsSetting } from "./accounts-config";
import { emulatorAccounts } from "./emulator-accounts";
import { credentialAccountId } from "./identity";
import { DEMO_ACCOUNTS } from "../demo/accounts";
import { getSettings, type Settings } from "../config";
import { ConfigError, InputError, UpstreamError } from "../events/errors";
import { SourceFailure } from "../aws/errors";

/**
 * The accounts Trailscope reads. Demo: TRAILSCOPE_ACCOUNTS, else the accounts the emulator serves
 * (its Organizations ListAccounts: the demo organization, or the accounts of TRAILSCOPE_DATA log
 * files). AWS: `trailscope.config.json` (or the file named by TRAILSCOPE_CONFIG) plus
 * TRAILSCOPE_ACCOUNTS; with neither, the one account the default credentials belong to, found with
 * STS GetCallerIdentity.
 */

const DEFAULT_CONFIG_FILE = "trailscope.config.json";

function configuredAccounts(settings: Settings): Account[] | undefined {
  const fromFile: Account[] = [];
  const file = settings.configPath ?? path.resolve(process.cwd(), DEFAULT_CONFIG_FILE);
  // The file is the operator's, read at run time: it must not be traced into the build output.
  if (settings.configPath || existsSync(/*turbopackIgnore: true*/ file)) {
    let text: string;
    try {
      text = readFileSync(/*turbopackIgnore: true*/ file, "utf8");
    } catch (error) {
      const reason =
        (error as { code?: string }).code === "ENOENT" ? "the file does not exist" : String(error);
      throw new ConfigError(`TRAILSCOPE_CONFIG=${file}: ${reason}`);
    }
    fromFile.push(...parseAccountsFile(text, path.basename(file)));
  }
  const fromSetting = settings.accounts ? parseAccountsSetting(settings.accounts) : [];
  for (const account of fromSetting) {
    if (fromFile.some((a) => a.id === account.id)) {
      throw new ConfigError(
        `account ${account.id} is configured both in ${path.basename(file)} and TRAILSCOPE_ACCOUNTS`,
      );
    }
  }
  const all = [...fromFile, ...fromSetting];
  return all.length > 0 ? all : undefined;
}

async function callerAccount(settings: Settings): Promise<Account> {
  const region = settings.regions[0] ?? "us-east-1";
  const account: Account = { id: "", name: process.env.AWS_PROFILE ?? "default", credentials: {} };
  try {
    return { ...account, id: await credentialAccountId(account, region) };
  } catch (error) {
    if (error instanceof SourceFailure) throw new UpstreamError(error.sourceError);
    throw error;
  }
}

async function loadAccounts(settings: Settings): Promise<Account[]> {
  if (settings.source === "demo") {
    if (settings.accounts) {
      return parseAccountsSetting(settings.accounts).map((a) => ({
        id: a.id,
        name: a.name,
        credentials: {},
      }));
    }
    // Without an endpoint nothing can be read; the demo accounts still name what is missing.
    if (!settings.emulatorUrl) return DEMO_ACCOUNTS.map((a) => ({ ...a, credentials: {} }));
    return emulatorAccounts(settings.emulatorUrl);
  }
  return configuredAccounts(settings) ?? [await callerAccount(settings)];
}

const globalStore = globalThis as typeof globalThis & { __trailscopeAccounts?: Promise<Account[]> };

/**
 * The configured accounts, loaded once per process. A failure (a bad file, expired credentials for
 * GetCallerIdentity) is not cached, so fixing it and reloading the page is enough.
 */
export function getAccounts(): Promise<Account[]> {
  const cached = globalStore.__trailscopeAccounts;
  if (cached) return cached;
  const loading = loadAccounts(getSettings());
  globalStore.__trailscopeAccounts = loading;
  loading.catch(() => {
    if (globalStore.__trailscopeAccounts === loading) globalStore.__trailscopeAccounts = undefined;
  });
  return loading;
}

/** The regions read for an account: its own list, else the TRAILSCOPE_REGIONS setting. */
export function accountRegions(account: Account): string[] {
  return account.regions ?? getSettings().regions;
}

/**
 * The accounts an `account` parameter names (`all` or absent: every one). An unknown ID is the
 * caller's mistake: an InputError (HTTP 400) listing the configured accounts.
 */
export async function resolveAccounts(param: "all" | string[] | undefined): Promise<Account[]> {
  const accounts = await getAccounts();
  if (param === undefined || param === "all") return accounts;
  const unknown = param.filter((id) => !accounts.some((a) => a.id === id));
  if (unknown.length > 0) {
    const known = accounts.map((a) => `${a.id} (${a.name})`).join(", ");
    throw new InputError([
      {
        param: "account",
        message: `unknown account${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; configured: ${known}`,
      },
    ]);
  }
  return accounts.filter((a) => param.includes(a.id));
}
