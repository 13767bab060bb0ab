"use client";

import { useEffect, useState } from "react";
import { fetchJson } from "@/components/lib/api-client";
import type { ArchiveAccountsResponse } from "@/lib/events/api-contract";
import type { AccountOption } from "./account-switcher";

export interface ArchiveAccountsState {
  accounts: AccountOption[];
  location: string | null;
  error: string | null;
}

/** The accounts found in the trail archive (`/api/archive/accounts`), fetched only while the archive is the source. */
export function useArchiveAccounts(enabled: boolean, bucket: string | null, prefix: string | null) {
  const [state, setState] = useState<ArchiveAccountsState>({ accounts: [], location: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    const params = new URLSearchParams();
    if (bucket) params.set("bucket", bucket);
    if (prefix) params.set("prefix", prefix);
    fetchJson<ArchiveAccountsResponse>(`/api/archive/accounts?${params.toString()}`, { signal: abort.signal })
      .then((answer) => {
        if (!answer.ok) {
          setState({ accounts: [], location: null, error: answer.error.message });
          return;
        }
        setState({
          accounts: answer.value.accounts.map((a) => ({ id: a.accountId, name: a.name })),
          location: answer.value.location,
          error: null,
        });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          setState((s) => ({ ...s, error: `Could not list the archive's accounts (${String(error)}).` }));
      });
    return () => abort.abort();
  }, [enabled, bucket, prefix]);
  return state;
}
