"use client";

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

  return (
    <details className="group relative text-sm">
      <summary
        aria-label={`Accounts: ${label}`}
        className="flex h-8 cursor-pointer list-none items-center gap-1 rounded-md border border-slate-300 bg-white px-2 text-slate-900 select-none hover:bg-slate-50"
      >
        <span className="text-slate-600">Accounts:</span>
        <span className="max-w-64 truncate font-medium">{label}</span>
        <span aria-hidden className="text-xs text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <fieldset className="absolute z-20 mt-1 flex min-w-72 flex-col gap-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <legend className="sr-only">Accounts to read</legend>
        <label className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
          <input type="checkbox" checked={all} onChange={() => onChange("all")} />
          <span className="font-medium">All accounts</span>
        </label>
        <hr className="border-slate-100" />
        {options.map((a) => (
          <label key={a.id} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
            <input
              type="checkbox"
              checked={selected.has(a.id)}
              // At least one account stays selected: "none" is not a view.
              disabled={selected.size === 1 && selected.has(a.id)}
              onChange={() => toggle(a.id)}
            />
            <span>{a.name}</span>
            <span className="font-mono text-xs text-slate-500">{a.id}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
