"use client";

import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import {
  accountOptions,
  isAllAccounts,
  selectedAccountIds,
  selectionSummary,
  toggleAccount,
  type AccountOption,
} from "../../lib/accounts/account-selection";

export type { AccountOption } from "../../lib/accounts/account-selection";

/**
 * Which accounts a page reads: "All accounts" or any set of them, written to the URL as `account=`
 * (`all` or a comma list of IDs). Each account shows its name and ID, since names repeat across
 * organizations while IDs do not.
 */

export function AccountSwitcher({
  accounts,
  value,
  onChange,
}: {
  accounts: AccountOption[];
  /** The URL's `account` parameter: null (every account), `all`, or a comma list. */
  value: string | null;
  onChange: (next: string) => void;
}) {
  const options = accountOptions(value, accounts);
  const selected = selectedAccountIds(value, options);
  const all = isAllAccounts(value, options);
  const label = selectionSummary(value, options);
  const toggle = (id: string) => {
    const next = toggleAccount(value, options, id);
    if (next !== null) onChange(next);
  };

  // Several choices in a row: selecting an item must not close the menu.
  const keepOpen = (e: Event) => e.preventDefault();

  return (
    // Not modal: the table behind stays readable (and reachable) while the reader picks accounts.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button size="field" aria-label={`Accounts: ${label}`} className="group gap-1 px-2 font-normal">
          <span className="text-slate-600">Accounts:</span>
          <span className="max-w-64 truncate font-medium">{label}</span>
          <span aria-hidden className="text-xs text-slate-500 group-data-[state=open]:rotate-180">
            ▾
          </span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-72">
        <DropdownMenuGroup aria-label="Accounts to read">
          <DropdownMenuCheckboxItem checked={all} onSelect={keepOpen} onCheckedChange={() => onChange("all")}>
            <span className="font-medium">All accounts</span>
          </DropdownMenuCheckboxItem>
          <DropdownMenuSeparator />
          {options.map((a) => (
            <DropdownMenuCheckboxItem
              key={a.id}
              checked={selected.has(a.id)}
              // At least one account stays selected: "none" is not a view.
              disabled={selected.size === 1 && selected.has(a.id)}
              onSelect={keepOpen}
              onCheckedChange={() => toggle(a.id)}
            >
              <span>{a.name}</span>
              <span className="font-mono text-xs text-slate-500">{a.id}</span>
            </DropdownMenuCheckboxItem>
          ))}
        </DropdownMenuGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
