import "server-only";
import { getAccounts } from "@/lib/accounts/registry";
import type { AccountOption } from "./account-selection";

/**
 * The configured accounts for a page's switcher. A failure to load them (a bad config file, expired
 * default credentials) is reported by the page's own data requests, so here it only empties the list.
 */
export async function configuredAccountOptions(): Promise<AccountOption[]> {
  try {
    return (await getAccounts()).map((a) => ({ id: a.id, name: a.name }));
  } catch {
    return [];
  }
}
