import type { Metadata } from "next";
import { toSearchParams } from "@/lib/query/url-state";
import { Suspense } from "react";
import { IntegrityForm, type IntegrityTrailOption } from "@/components/integrity/integrity-form";
import { Badge } from "@/components/ui/badge";
import { getAccounts } from "@/lib/accounts/registry";
import { toSourceError } from "@/lib/aws/errors";
import { InputError } from "@/lib/events/errors";
import { parseIntegrityQuery, type IntegrityQuery } from "@/lib/integrity/integrity-query";
import { runIntegrityValidation, trailMemberAccounts } from "@/lib/integrity/run-validation";
import { listTrails, type TrailView } from "@/lib/trails/list-trails";
import { chainMismatchText, invalidReason, type ValidationEntry } from "@/lib/integrity/validator";

export const metadata: Metadata = { title: "Log integrity" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `YYYY-MM-DDTHH:MM`, what a datetime-local input holds; read back as UTC. */
const minuteInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const display = (iso: string) => iso.replace("T", " ").replace(/(:\d{2})(\.\d{3})?Z$/, "$1Z");
const fileName = (key: string) => key.split("/").pop() ?? key;

/** The form's default range: the last six whole hours up to now. */
function defaultRange(): { start: string; end: string } {
  const now = Date.now();
  const hour = Math.floor(now / 3_600_000) * 3_600_000;
  return { start: minuteInput(hour - 6 * 3_600_000), end: minuteInput(now) };
}

function EntryRow({ entry }: { entry: ValidationEntry }) {
  if (entry.type === "gap") {
    return (
      <li className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <span className="font-medium">Gap:</span> {entry.message}
      </li>
    );
  }
  if (entry.type === "chain") {
    return (
      <li className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <span className="font-medium">Chain link (not checked by the AWS CLI):</span> s3://{entry.bucket}/
        {entry.key}: {entry.mismatches.map(chainMismatchText).join("; ")} (link from{" "}
        {fileName(entry.linkedFrom)})
      </li>
    );
  }
  return (
    <li
      className={`flex flex-wrap items-baseline gap-2 rounded-md border px-3 py-1.5 text-sm ${entry.type === "log" ? "ml-6" : ""} ${entry.valid ? "border-slate-200 bg-white" : "border-red-300 bg-red-50"}`}
    >
      <Badge tone={entry.type === "digest" ? "violet" : "slate"}>
        {entry.type === "digest" ? "Digest" : "Log file"}
      </Badge>
      <span className="font-mono text-xs break-all" title={`s3://${entry.bucket}/${entry.key}`}>
        {fileName(entry.key)}
      </span>
      {entry.type === "digest" && entry.valid ? (
        <span className="text-xs text-slate-500">
          {display(entry.digestStartTime)} – {display(entry.digestEndTime)} · {entry.logFileCount} log file
          {entry.logFileCount === 1 ? "" : "s"}
        </span>
      ) : null}
      {entry.valid ? (
        <Badge tone="green">valid</Badge>
      ) : (
        <Badge tone="red">INVALID: {invalidReason(entry)}</Badge>
      )}
    </li>
  );
}

/** Each trail with the accounts it can be validated for; a bucket that cannot be listed offers its own account. */
async function trailOptions(trails: TrailView[]): Promise<IntegrityTrailOption[]> {
  const names = new Map((await getAccounts().catch(() => [])).map((a) => [a.id, a.name]));
  return Promise.all(
    trails.map(async (trail) => {
      const ids = await trailMemberAccounts(trail).catch(() => [trail.ownerAccountId]);
      return {
        arn: trail.arn,
        label: `${trail.name} (${trail.ownerAccountId})`,
        organization: trail.organization,
        accounts: ids.map((id) => ({ id, name: names.get(id) ?? null })),
      };
    }),
  );
}

async function ValidationResult({ query }: { query: IntegrityQuery }) {
  let result;
  try {
    result = await runIntegrityValidation(query);
  } catch (error) {
    const message =
      error instanceof InputError
        ? error.issues.map((i) => `${i.param} ${i.message}`).join("; ")
        : toSourceError(error).message;
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        Validation failed: {message}
      </p>
    );
  }
  const { report, summary } = result;
  const ok = report.exitCode === 0;
  return (
    <div className="flex flex-col gap-4">
      <section
        aria-label="Summary"
        className={`rounded-lg border p-4 text-sm ${ok ? "border-emerald-300 bg-emerald-50" : "border-red-300 bg-red-50"}`}
      >
        <h2 className="text-base font-semibold">{ok ? "All files valid" : "Integrity problems found"}</h2>
        <p className="mt-1 text-slate-600">
          Account {result.accountId}, digests of region {result.region}. Same verdict and summary as{" "}
          <code>aws cloudtrail validate-logs</code> (exit status {report.exitCode}).
        </p>
        <ul className="mt-2 font-mono text-xs">
          {summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section aria-label="Digest chain">
        <h2 className="mb-2 text-base font-semibold">Digest chain, newest first</h2>
        {report.entries.length === 0 ? (
          <p className="text-sm text-slate-600">No digest files in this range.</p>
        ) : (
          <ol className="flex flex-col gap-1">
            {report.entries.map((entry, i) => (
              <EntryRow key={`${i}-${entry.type === "gap" ? entry.from : entry.key}`} entry={entry} />
            ))}
          </ol>
        )}
      </section>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Output in the AWS CLI&apos;s form</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          {result.output.map((c) => c.text).join("")}
        </pre>
      </details>
    </div>
  );
}

export default async function IntegrityPage({ searchParams }: { searchParams: SearchParams }) {
  const params = toSearchParams(await searchParams);
  const submitted = params.has("trailArn");
  const parsed = submitted ? parseIntegrityQuery(params) : undefined;
  const { trails } = await listTrails();
  const validated = trails.filter((t) => t.logFileValidation);
  const defaults = defaultRange();

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Log integrity</h1>
        <p className="mt-1 text-sm text-slate-600">
          Walks a trail&apos;s signed digest files back from the end time: checks each digest&apos;s signature
          against CloudTrail&apos;s public keys, the chain of previous-digest links, and each log file&apos;s
          SHA-256, and reports gaps in delivery. Times are UTC.
        </p>
      </div>
      <IntegrityForm
        trails={await trailOptions(validated)}
        initial={{
          trailArn: params.get("trailArn"),
          account: params.get("account"),
          start: params.get("start") ?? defaults.start,
          end: params.get("end") ?? defaults.end,
        }}
      />
      {parsed && !parsed.ok ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {parsed.issues.map((i) => `${i.param} ${i.message}`).join("; ")}
        </p>
      ) : null}
      {parsed?.ok ? (
        <Suspense
          key={params.toString()}
          fallback={
            <p role="status" className="text-sm text-slate-600">
              Validating digest and log files…
            </p>
          }
        >
          <ValidationResult query={parsed.query} />
        </Suspense>
      ) : null}
    </div>
  );
}
