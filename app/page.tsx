import type { Metadata } from "next";
import { AccountNamesProvider } from "@/components/accounts/account-names";
import { configuredAccountOptions } from "@/lib/accounts/configured-accounts";
import { EventsView } from "@/components/events/events-view";
import { QueryErrorPanel } from "@/components/events/query-error-panel";
import { WhoDeletedSearch } from "@/components/investigate/who-deleted-search";
import { getSettings } from "@/lib/config";
import { parseView, toSearchParams } from "@/lib/query/url-state";

export const metadata: Metadata = { title: "Event history" };

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = parseView(toSearchParams(await searchParams));
  if (!view.ok) {
    return (
      <div className="flex flex-col gap-3">
        <h1 className="text-lg font-semibold tracking-tight">Event history</h1>
        <QueryErrorPanel issues={view.issues} />
      </div>
    );
  }
  const accounts = await configuredAccountOptions();
  return (
    <div className="flex flex-col gap-3">
      <WhoDeletedSearch />
      <AccountNamesProvider accounts={accounts}>
        <EventsView regions={getSettings().regions} accounts={accounts} />
      </AccountNamesProvider>
    </div>
  );
}
