"use client";

import { withParams } from "@/lib/query/url-state";
import { AccountSwitcher, type AccountOption } from "./account-switcher";
import { SourcePicker } from "./source-picker";
import { useArchiveAccounts } from "./use-archive-accounts";

/**
 * Where a page reads from: the source (Event history or the trail archive) and the accounts. The
 * archive lists its own accounts (those with log files in the bucket), so switching the source
 * clears the account choice.
 */
export function ScopeBar({
  accounts,
  params,
  onChange,
}: {
  /** The configured accounts (Event history reads these). */
  accounts: AccountOption[];
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
}) {
  const source = params.get("source") === "archive" ? "archive" : "history";
  const archive = useArchiveAccounts(source === "archive", params.get("bucket"), params.get("prefix"));
  const options = source === "archive" ? archive.accounts : accounts;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SourcePicker
        value={source}
        onChange={(next) =>
          onChange(
            withParams(params, {
              source: next === "archive" ? "archive" : null,
              account: null,
              bucket: null,
              prefix: null,
            }),
          )
        }
      />
      {options.length > 0 || params.has("account") ? (
        <AccountSwitcher
          accounts={options}
          value={params.get("account")}
          onChange={(account) => onChange(withParams(params, { account }))}
        />
      ) : null}
      {source === "archive" && archive.location ? (
        <span className="text-xs text-slate-500">
          Reading log files from <span className="font-mono text-slate-700">{archive.location}</span>
        </span>
      ) : null}
      {source === "archive" && archive.error ? (
        <p role="alert" className="text-xs text-red-800">
          {archive.error}
        </p>
      ) : null}
    </div>
  );
}
