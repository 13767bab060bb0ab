import type { Metadata } from "next";
import { InvestigationView } from "@/components/investigate/investigation-view";
import { WhoDeletedSearch } from "@/components/investigate/who-deleted-search";

export const metadata: Metadata = { title: "Who deleted…?" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function InvestigatePage({ searchParams }: { searchParams: SearchParams }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  const resource = params.get("resource")?.trim() ?? "";
  const query = params.toString();

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Who deleted…?</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every event on a resource in every configured region and account over the last 90 days: who created
          it, each change, each delete attempt, and who deleted it.
        </p>
      </div>
      <WhoDeletedSearch defaultValue={resource} autoFocus={!resource} />
      {resource ? <InvestigationView key={query} query={query} resource={resource} /> : null}
    </div>
  );
}
