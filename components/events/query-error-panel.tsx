import Link from "next/link";
import type { ParamIssue } from "@/lib/shared/params";

/** A bad URL parameter gets a readable explanation instead of a crash or an empty table. */
export function QueryErrorPanel({
  issues,
  title = "This view's URL has a problem",
}: {
  issues: ParamIssue[];
  title?: string;
}) {
  return (
    <section
      role="alert"
      aria-label="Query error"
      className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <ul className="mt-2 list-disc pl-5">
        {issues.map((issue, i) => (
          <li key={`${issue.param}-${i}`}>
            <code className="rounded bg-red-100 px-1 font-mono text-xs">{issue.param}</code> {issue.message}
          </li>
        ))}
      </ul>
      <p className="mt-3">
        <Link href="/" className="font-medium text-red-800 underline">
          Open the default view
        </Link>{" "}
        or fix the parameter in the address bar.
      </p>
    </section>
  );
}
