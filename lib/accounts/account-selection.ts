import { splitList } from "@/lib/shared/aws-names";

/**
 * The `account` URL parameter as a selection: absent or `all` means every account; otherwise a comma
 * list of IDs. Pure, so the switcher's rules are unit-tested.
 */

export interface AccountOption {
  id: string;
  name: string;
}

export function selectedAccountIds(value: string | null, accounts: readonly AccountOption[]): Set<string> {
  if (value === null || value === "all") return new Set(accounts.map((a) => a.id));
  return new Set(splitList(value));
}

/** The switcher's options: the known accounts, plus any ID the URL names that the list lacks (so it can be removed). */
export function accountOptions(value: string | null, accounts: readonly AccountOption[]): AccountOption[] {
  const unknown = [...selectedAccountIds(value, accounts)].filter((id) => !accounts.some((a) => a.id === id));
  return [...accounts, ...unknown.map((id) => ({ id, name: id }))];
}

export function isAllAccounts(value: string | null, options: readonly AccountOption[]): boolean {
  if (value === null || value === "all") return true;
  const selected = selectedAccountIds(value, options);
  return options.every((a) => selected.has(a.id));
}

/** The parameter after toggling one account; null when that would leave no account selected. */
export function toggleAccount(
  value: string | null,
  options: readonly AccountOption[],
  id: string,
): string | null {
  const next = selectedAccountIds(value, options);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  if (next.size === 0) return null;
  if (options.every((a) => next.has(a.id))) return "all";
  return options
    .filter((a) => next.has(a.id))
    .map((a) => a.id)
    .join(",");
}

export function selectionSummary(value: string | null, options: readonly AccountOption[]): string {
  if (isAllAccounts(value, options)) return `All accounts (${options.length})`;
  const ids = [...selectedAccountIds(value, options)];
  const names = ids.map((id) => options.find((a) => a.id === id)?.name ?? id);
  if (ids.length === 1) return names[0] === ids[0] ? ids[0]! : `${names[0]} (${ids[0]})`;
  return `${ids.length} accounts: ${names.join(", ")}`;
}

/** Whether rows of several accounts can appear, so each row should name its account. */
export function readsSeveralAccounts(value: string | null, accountCount: number): boolean {
  if (value === null || value === "all") return accountCount !== 1;
  return selectedAccountIds(value, []).size > 1;
}
