"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { StoreStatus } from "@/lib/sync/store-status";

async function failure(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `The server answered HTTP ${response.status}.`;
  } catch {
    return `The server answered HTTP ${response.status}.`;
  }
}

/** "Refresh now": the store reads what is new for every configured source; resolves with the new status. */
export function RefreshStoreButton({ onRefreshed }: { onRefreshed: (status: StoreStatus) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/store/refresh", { method: "POST" });
      if (!response.ok) setError(await failure(response));
      else onRefreshed((await response.json()) as StoreStatus);
    } catch (e) {
      setError(`Could not reach the Trailscope server (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" onClick={() => void refresh()} disabled={busy}>
        {busy ? "Refreshing…" : "Refresh now"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
