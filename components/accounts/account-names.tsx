"use client";

import { createContext, use, type ReactNode } from "react";

/** Account ID → display name, for cells that only have the event's `accountId` (recipientAccountId). */
export const AccountNamesContext = createContext<ReadonlyMap<string, string>>(new Map());

export function accountLabel(names: ReadonlyMap<string, string>, accountId: string): string {
  const name = names.get(accountId);
  return name && name !== accountId ? `${name} (${accountId})` : accountId;
}

export function AccountCell({ accountId }: { accountId: string }) {
  const name = use(AccountNamesContext).get(accountId);
  return (
    <span className="truncate" title={accountId}>
      {name && name !== accountId ? <span className="font-medium">{name}</span> : null}{" "}
      <span className="font-mono text-xs text-slate-600">{accountId}</span>
    </span>
  );
}

/** The account as text, "name (ID)" when its name is known. */
export function AccountName({ accountId }: { accountId: string }) {
  return <>{accountLabel(use(AccountNamesContext), accountId)}</>;
}

/** Provides the names from a server component, which cannot hold a context itself. */
export function AccountNamesProvider({
  accounts,
  children,
}: {
  accounts: { id: string; name: string }[];
  children: ReactNode;
}) {
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  return <AccountNamesContext value={names}>{children}</AccountNamesContext>;
}
