"use client";

import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CheckResult } from "@/lib/cross-account/policy-checker";
import type { BadRequestBody } from "@/lib/events/api-contract";

export interface CheckTarget {
  bucket: string;
  prefix: string;
  accounts: string[];
  region: string;
  organizationId?: string;
}

type State =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "done"; result: CheckResult }
  | { kind: "failed"; message: string };

/** Checks a pasted policy against the bucket, prefix and accounts above. Everything shown is text. */
export function PolicyCheck({ target }: { target: CheckTarget | undefined }) {
  const [policy, setPolicy] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setState({ kind: "checking" });
    try {
      const response = await fetch("/api/setup/cross-account/check", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...target, policy }),
      });
      if (response.ok) {
        setState({ kind: "done", result: (await response.json()) as CheckResult });
      } else {
        const body = (await response.json().catch(() => undefined)) as BadRequestBody | undefined;
        setState({ kind: "failed", message: body?.message ?? `The check failed (HTTP ${response.status}).` });
      }
    } catch {
      setState({ kind: "failed", message: "Trailscope could not be reached to check the policy." });
    }
  };

  return (
    <section aria-labelledby="check-heading" className="rounded-md border border-slate-200 bg-white p-4">
      <h2 id="check-heading" className="font-semibold">
        Check an existing policy
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Paste the bucket&apos;s current policy (
        <code className="font-mono">aws s3api get-bucket-policy --bucket … --query Policy --output text</code>
        ). It is checked against the bucket, prefix and accounts above.
      </p>
      <form onSubmit={submit} className="mt-3 flex flex-col gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Existing bucket policy</span>
          <textarea
            value={policy}
            onChange={(e) => setPolicy(e.target.value)}
            rows={10}
            spellCheck={false}
            className="rounded border border-slate-300 p-2 font-mono text-xs"
          />
        </label>
        <div>
          <Button
            type="submit"
            variant="primary"
            disabled={!target || policy.trim() === "" || state.kind === "checking"}
          >
            {state.kind === "checking" ? "Checking…" : "Check policy"}
          </Button>
          {!target && <span className="ml-3 text-sm text-slate-500">Fix the setup fields first.</span>}
        </div>
      </form>
      {state.kind === "failed" && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {state.message}
        </p>
      )}
      {state.kind === "done" && <CheckReport result={state.result} />}
    </section>
  );
}

function CheckReport({ result }: { result: CheckResult }) {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  return (
    <div className="mt-4 flex flex-col gap-4" aria-live="polite">
      <p role="status" className={`text-sm font-medium ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
        {result.ok
          ? "This policy lets CloudTrail deliver for every account."
          : `This policy has ${errors} error${errors === 1 ? "" : "s"}; ${result.accounts.filter((a) => !a.canDeliver).length} of ${result.accounts.length} accounts cannot deliver.`}
      </p>
      {result.findings.length > 0 && (
        <ul aria-label="Findings" className="flex flex-col gap-2">
          {result.findings.map((f, i) => (
            <li key={i} className="rounded border border-slate-200 p-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={f.severity === "error" ? "red" : "amber"}>{f.severity}</Badge>
                {f.statement && <span className="font-mono text-xs">{f.statement}</span>}
                {f.account && <span className="font-mono text-xs">account {f.account}</span>}
              </div>
              <p className="mt-1">{f.message}</p>
              <p className="mt-1 text-slate-600">
                <span className="font-medium">Fix:</span> {f.fix}
              </p>
            </li>
          ))}
        </ul>
      )}
      <table aria-label="Delivery by account" className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200">
            <th className="py-1 pr-3 font-medium">Account</th>
            <th className="py-1 pr-3 font-medium whitespace-nowrap">Can deliver</th>
            <th className="py-1 font-medium">Why</th>
          </tr>
        </thead>
        <tbody>
          {result.accounts.map((a) => (
            <tr key={a.id} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-3 font-mono">{a.id}</td>
              <td className="py-1 pr-3">
                <Badge tone={a.canDeliver ? "green" : "red"}>{a.canDeliver ? "yes" : "no"}</Badge>
              </td>
              <td className="py-1">
                <ul className="flex flex-col gap-1">
                  {a.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
