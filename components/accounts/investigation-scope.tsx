"use client";

import type { AccountOption } from "./account-switcher";
import { ScopeBar } from "./scope-bar";

/** The scope bar of the investigation page: the server renders the answer, so a change reruns it. */
export function InvestigationScope({ accounts }: { accounts: AccountOption[] }) {
  return <ScopeBar accounts={accounts} shallow={false} />;
}
