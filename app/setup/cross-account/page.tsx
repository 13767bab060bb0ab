import type { Metadata } from "next";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { formatPolicy, generateBucketPolicy } from "@/lib/cross-account/policy-generator";
import { buildSetupSteps } from "@/lib/cross-account/setup-steps";
import { parseSetupParams, type SetupParams } from "@/lib/cross-account/setup-params";
import type { ParamIssue } from "@/lib/shared/params";
import { CopyButton } from "./_components/copy-button";
import { PolicyCheck } from "./_components/policy-check";
import { SetupForm, type SetupFormValues } from "./_components/setup-form";

export const metadata: Metadata = { title: "Cross-account logging" };

const DEMO_BUCKET = "trailscope-demo-central-logs";

type SearchParams = Record<string, string | string[] | undefined>;

function toSearch(params: SearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, v);
  }
  return search;
}

export default async function CrossAccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const search = toSearch(await searchParams);
  // With no query the page shows the demo organization, so it is useful on first open.
  if ([...search.keys()].length === 0) {
    search.set("bucket", DEMO_BUCKET);
    search.set("accounts", DEMO_ACCOUNTS.map((a) => a.id).join(","));
  }
  const parsed = parseSetupParams(search);
  const formValues: SetupFormValues = {
    bucket: search.get("bucket") ?? "",
    prefix: search.get("prefix") ?? "",
    accounts: search.get("accounts") ?? "",
    organizationId: search.get("organizationId") ?? "",
    trailName: search.get("trailName") ?? "",
    region: search.get("region") ?? "",
    restrict: search.get("restrict") ?? "trail",
  };

  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <header>
        <h1 className="text-xl font-semibold">Cross-account logging</h1>
        <p className="mt-1 text-sm text-slate-600">
          Deliver several accounts&apos; CloudTrail logs to one central S3 bucket: the bucket policy
          CloudTrail needs, the setup steps in the order AWS requires, and a checker for a policy you already
          have.
        </p>
      </header>

      <SetupForm key={search.toString()} initial={formValues} />

      {parsed.ok ? (
        <Generated params={parsed.value} query={search.toString()} />
      ) : (
        <InvalidInput issues={parsed.issues} />
      )}

      <PolicyCheck
        target={
          parsed.ok
            ? {
                bucket: parsed.value.bucket,
                prefix: parsed.value.prefix,
                accounts: parsed.value.accounts,
                region: parsed.value.region,
                ...(parsed.value.organizationId && { organizationId: parsed.value.organizationId }),
              }
            : undefined
        }
      />
    </div>
  );
}

function InvalidInput({ issues }: { issues: ParamIssue[] }) {
  return (
    <section role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 className="font-semibold">Fix these fields to see the policy</h2>
      <ul className="mt-2 list-disc pl-5">
        {issues.map((issue) => (
          <li key={`${issue.param}:${issue.message}`}>
            <span className="font-mono">{issue.param}</span> {issue.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Generated({ params, query }: { params: SetupParams; query: string }) {
  const policyText = formatPolicy(generateBucketPolicy(params));
  const steps = buildSetupSteps(params);
  return (
    <>
      <section aria-labelledby="policy-heading" className="rounded-md border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="policy-heading" className="font-semibold">
            Bucket policy (policy.json)
          </h2>
          <CopyButton text={policyText} label="Copy policy" />
          <a
            href={`/api/setup/cross-account/policy?${query}`}
            className="text-sm text-sky-700 underline hover:text-sky-900"
          >
            As JSON from the API
          </a>
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {params.restrict === "trail" &&
            "The aws:SourceArn condition lets only the named trails write, so another account's trail cannot use this bucket (AWS's advice against the confused-deputy problem). "}
          {params.restrict === "account" &&
            "The aws:SourceAccount condition lets only trails in these accounts write (AWS's advice against the confused-deputy problem). "}
          {params.restrict === "none" &&
            "Without aws:SourceArn or aws:SourceAccount, a trail in any account could write to these folders; AWS recommends adding one. "}
          {params.organizationId
            ? `The organization trail writes every account's files under AWSLogs/${params.organizationId}/.`
            : "Each account writes only under its own AWSLogs/<account>/ folder."}
        </p>
        <pre
          aria-label="Generated bucket policy"
          className="mt-3 max-h-[28rem] overflow-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100"
        >
          {policyText}
        </pre>
      </section>

      <section aria-labelledby="steps-heading" className="rounded-md border border-slate-200 bg-white p-4">
        <h2 id="steps-heading" className="font-semibold">
          Setup steps, in order
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Profiles are named <code className="font-mono">acct-&lt;account id&gt;</code>: replace them with the
          AWS CLI profiles of your accounts.
        </p>
        <ol className="mt-3 flex flex-col gap-4">
          {steps.map((step, index) => (
            <li
              key={step.title}
              aria-label={`Step ${index + 1}: ${step.title}`}
              className="flex flex-col gap-2"
            >
              <h3 className="text-sm font-semibold">
                {index + 1}. {step.title}
              </h3>
              <p className="text-sm text-slate-600">{step.detail}</p>
              {step.file && (
                <details className="text-sm">
                  <summary className="cursor-pointer text-sky-700">{step.file.name}</summary>
                  <pre className="mt-2 overflow-auto rounded bg-slate-100 p-3 font-mono text-xs">
                    {step.file.text}
                  </pre>
                </details>
              )}
              {step.commands.map((command, i) => (
                <div key={`${command.accountId}-${i}`} className="flex flex-col gap-1">
                  <div className="flex items-center gap-2 text-xs text-slate-500">
                    <span>
                      Account <span className="font-mono">{command.accountId}</span>: {command.comment}
                    </span>
                    <CopyButton text={command.command} label="Copy" />
                  </div>
                  <pre className="overflow-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">
                    {command.command}
                  </pre>
                </div>
              ))}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
