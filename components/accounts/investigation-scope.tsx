"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { AccountOption } from "./account-switcher";
import { ScopeBar } from "./scope-bar";

/** The scope bar of the investigation page: a change reruns the search through the URL. */
export function InvestigationScope({ accounts }: { accounts: AccountOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  return (
    <ScopeBar
      accounts={accounts}
      params={params}
      onChange={(next) => router.push(`${pathname}?${next.toString()}`)}
    />
  );
}
