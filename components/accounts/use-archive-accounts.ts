"use client";

import { useEffect, useState } from "react";
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
    fetch(`/api/archive/accounts?${params.toString()}`, { signal: abort.signal })
      .then(async (response) => {
        const body = (await response.json()) as {
          location?: string;
          accounts?: { accountId: string; name: string }[];
          message?: string;
          hint?: string;
        };
        if (!response.ok) {
          setState({
            accounts: [],
            location: null,
            error: [body.message, body.hint].filter(Boolean).join(" "),
          });
          return;
        }
        setState({
          accounts: (body.accounts ?? []).map((a) => ({ id: a.accountId, name: a.name })),
          location: body.location ?? null,
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
