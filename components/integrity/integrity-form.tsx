"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

export interface IntegrityTrailOption {
  arn: string;
  label: string;
  organization: boolean;
  /** The accounts whose files the trail holds, the trail's own account first. */
  accounts: { id: string; name: string | null }[];
}

const FIELD = "rounded border border-slate-300 px-2 py-1";

/**
 * The validation form. The account list follows the chosen trail, so the member accounts of an
 * organization trail are offered and its own account is the default.
 */
export function IntegrityForm({
  trails,
  initial,
}: {
  trails: IntegrityTrailOption[];
  initial: { trailArn: string | null; account: string | null; start: string; end: string };
}) {
  const [trailArn, setTrailArn] = useState(initial.trailArn ?? trails[0]?.arn ?? "");
  const trail = trails.find((t) => t.arn === trailArn);
  const accounts = trail?.accounts ?? [];
  const [account, setAccount] = useState(initial.account ?? accounts[0]?.id ?? "");
  // A member of another trail is not offered: the chosen trail's own account is.
  const shown = accounts.some((a) => a.id === account) ? account : (accounts[0]?.id ?? "");

  return (
    <form
      method="get"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <label className="flex flex-col gap-1">
        Trail
        <select
          name="trailArn"
          value={trailArn}
          onChange={(e) => setTrailArn(e.target.value)}
          className={FIELD}
        >
          {trails.map((t) => (
            <option key={t.arn} value={t.arn}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        {trail?.organization ? "Account (organization member)" : "Account"}
        <select
          name="account"
          value={shown}
          onChange={(e) => setAccount(e.target.value)}
          disabled={accounts.length <= 1}
          className={`${FIELD} min-w-48 disabled:bg-slate-50 disabled:text-slate-600`}
        >
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name && a.name !== a.id ? `${a.id} (${a.name})` : a.id}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        Start (UTC)
        <input type="datetime-local" name="start" required defaultValue={initial.start} className={FIELD} />
      </label>
      <label className="flex flex-col gap-1">
        End (UTC)
        <input type="datetime-local" name="end" defaultValue={initial.end} className={FIELD} />
      </label>
      <Button type="submit" variant="primary">
        Validate
      </Button>
    </form>
  );
}
