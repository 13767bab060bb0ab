"use client";

import { useQueryStates } from "nuqs";
import { VIEW_URL_OPTIONS, scopeKeys } from "@/lib/query/url-state";
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
  shallow = true,
}: {
  /** The configured accounts (Event history reads these). */
  accounts: AccountOption[];
  /** False where the server renders the answer (the investigation page): a change then reruns it. */
  shallow?: boolean;
}) {
  const [scope, setScope] = useQueryStates(scopeKeys, { ...VIEW_URL_OPTIONS, shallow });
  const { source } = scope;
  const archive = useArchiveAccounts(source === "archive", scope.bucket, scope.prefix);
  const options = source === "archive" ? archive.accounts : accounts;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SourcePicker
        value={source}
        onChange={(next) => void setScope({ source: next, account: null, bucket: null, prefix: null })}
      />
      {options.length > 0 || scope.account !== null ? (
        <AccountSwitcher
          accounts={options}
          value={scope.account}
          onChange={(account) => void setScope({ account })}
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
