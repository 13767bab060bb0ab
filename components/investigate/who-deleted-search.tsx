import Form from "next/form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/**
 * "Who deleted…?": a name, an ID or an ARN in, the investigation page out. A plain GET form, so it
 * works before (and without) JavaScript; mountable on any page.
 */
export function WhoDeletedSearch({
  defaultValue = "",
  autoFocus = false,
  scope = {},
}: {
  defaultValue?: string;
  autoFocus?: boolean;
  /** Parameters a new search keeps (the source and accounts chosen on the page). */
  scope?: Record<string, string>;
}) {
  return (
    <Form
      action="/investigate"
      role="search"
      aria-label="Who deleted a resource"
      className="flex w-full max-w-2xl items-center gap-2"
    >
      {Object.entries(scope).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="who-deleted-resource" className="shrink-0 text-sm font-medium text-slate-700">
        Who deleted…?
      </label>
      <Input
        id="who-deleted-resource"
        name="resource"
        type="search"
        required
        maxLength={2000}
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        placeholder="Resource name, ID or ARN (e.g. i-0abc…, my-bucket, arn:aws:iam::…:role/deploy)"
        className="h-9 min-w-0 flex-1 px-2.5 font-mono shadow-sm"
      />
      <Button type="submit" variant="primary">
        Investigate
      </Button>
    </Form>
  );
}
