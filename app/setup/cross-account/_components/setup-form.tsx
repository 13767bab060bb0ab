"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

export interface SetupFormValues {
  bucket: string;
  prefix: string;
  accounts: string;
  organizationId: string;
  trailName: string;
  region: string;
  restrict: string;
}

const field = "w-full font-mono";

/** The setup inputs; submitting puts them in the URL, which the server page reads. */
export function SetupForm({ initial }: { initial: SetupFormValues }) {
  const router = useRouter();
  const pathname = usePathname();
  const [values, setValues] = useState(initial);
  const [organization, setOrganization] = useState(initial.organizationId !== "");
  const set = (key: keyof SetupFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const search = new URLSearchParams();
    search.set("bucket", values.bucket.trim());
    if (values.prefix.trim()) search.set("prefix", values.prefix.trim());
    search.set("accounts", values.accounts.trim());
    if (organization) search.set("organizationId", values.organizationId.trim());
    if (values.trailName.trim()) search.set("trailName", values.trailName.trim());
    if (values.region.trim()) search.set("region", values.region.trim());
    if (values.restrict !== "trail") search.set("restrict", values.restrict);
    router.push(`${pathname}?${search.toString()}`);
  };

  return (
    <form
      onSubmit={submit}
      aria-label="Cross-account setup"
      className="grid gap-3 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2"
    >
      <label className="flex flex-col gap-1">
        <span className="font-medium">Destination bucket</span>
        <Input className={field} value={values.bucket} onChange={set("bucket")} required />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Key prefix (optional)</span>
        <Input className={field} value={values.prefix} onChange={set("prefix")} placeholder="none" />
      </label>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor="setup-accounts" className="font-medium">
          Account IDs
        </label>
        <span id="setup-accounts-hint" className="text-xs text-slate-500">
          Comma-separated. The first owns the bucket (for an organization trail: the management account).
        </span>
        <Input
          id="setup-accounts"
          aria-describedby="setup-accounts-hint"
          className={field}
          value={values.accounts}
          onChange={set("accounts")}
          required
        />
      </div>
      <label className="flex items-center gap-2">
        <Checkbox checked={organization} onCheckedChange={(checked) => setOrganization(checked === true)} />
        <span className="font-medium">Organization trail</span>
      </label>
      {organization ? (
        <label className="flex flex-col gap-1">
          <span className="font-medium">Organization ID</span>
          <Input
            className={field}
            value={values.organizationId}
            onChange={set("organizationId")}
            placeholder="o-exampleorgid"
            required
          />
        </label>
      ) : (
        <div />
      )}
      <label className="flex flex-col gap-1">
        <span className="font-medium">Trail name</span>
        <Input
          className={field}
          value={values.trailName}
          onChange={set("trailName")}
          placeholder="management-events"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Home region</span>
        <Input className={field} value={values.region} onChange={set("region")} placeholder="us-east-1" />
      </label>
      <label className="flex flex-col gap-1 sm:col-span-2">
        <span className="font-medium">Restrict writes to</span>
        <Select className="w-full" value={values.restrict} onChange={set("restrict")}>
          <option value="trail">these trails (aws:SourceArn, recommended)</option>
          <option value="account">these accounts (aws:SourceAccount)</option>
          <option value="none">no source condition</option>
        </Select>
      </label>
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary">
          Generate policy
        </Button>
      </div>
    </form>
  );
}
