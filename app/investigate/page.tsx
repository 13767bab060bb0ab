import type { Metadata } from "next";
import { toSearchParams } from "@/lib/query/url-state";
import { configuredAccountOptions } from "@/lib/accounts/configured-accounts";
import { AccountNamesProvider } from "@/components/accounts/account-names";
import { InvestigationScope } from "@/components/accounts/investigation-scope";
import { InvestigationView } from "@/components/investigate/investigation-view";
import { WhoDeletedSearch } from "@/components/investigate/who-deleted-search";

export const metadata: Metadata = { title: "Who deleted…?" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function InvestigatePage({ searchParams }: { searchParams: SearchParams }) {
  const params = toSearchParams(await searchParams);
  const resource = params.get("resource")?.trim() ?? "";
  const query = params.toString();
  const scope: Record<string, string> = {};
  for (const name of ["source", "account", "bucket", "prefix", "region"]) {
    const value = params.get(name);
    if (value) scope[name] = value;
  }
  const archive = params.get("source") === "archive";
  const accounts = await configuredAccountOptions();

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Who deleted…?</h1>
        <p className="mt-1 text-sm text-slate-600">
          {archive
            ? "Every event on a resource in the trail archive's log files (data events such as S3 object deletions included): who created it, each change, each delete attempt, and who deleted it."
            : "Every event on a resource in every configured region and account over the last 90 days: who created it, each change, each delete attempt, and who deleted it."}
        </p>
      </div>
      <InvestigationScope accounts={accounts} />
      <WhoDeletedSearch defaultValue={resource} autoFocus={!resource} scope={scope} />
      {resource ? (
        <AccountNamesProvider accounts={accounts}>
          <InvestigationView key={query} query={query} resource={resource} />
        </AccountNamesProvider>
      ) : null}
    </div>
  );
}
