import "server-only";
import { accountRegions, resolveAccounts } from "../../accounts/registry";
import { InputError } from "../../events/errors";
import type { Source } from "./lookup";

/**
 * The (account, region) pairs a query reads. No `region` (or `region=all`): every configured region
 * of each account. A region list: those regions of each account that has them; a region no selected
 * account is configured for is the caller's mistake (HTTP 400).
 */
export async function resolveSources(params: {
  account?: "all" | string[];
  region?: "all" | string[];
}): Promise<Source[]> {
  const accounts = await resolveAccounts(params.account);
  const wanted = params.region === "all" ? undefined : params.region;
  if (wanted) {
    const configured = new Set(accounts.flatMap(accountRegions));
    const unknown = wanted.filter((r) => !configured.has(r));
    if (unknown.length > 0) {
      throw new InputError([
        {
          param: "region",
          message: `${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not configured (configured: ${[...configured].join(", ")}; set TRAILSCOPE_REGIONS or the account's regions to read others)`,
        },
      ]);
    }
  }
  return accounts.flatMap((account) =>
    accountRegions(account)
      .filter((region) => !wanted || wanted.includes(region))
      .map((region) => ({ account, region })),
  );
}
