import type { Metadata } from "next";
import { Timestamp } from "@/components/time/timestamp";
import { ArchiveImport } from "@/components/trails/archive-import";
import { Badge } from "@/components/ui/badge";
import type { TrailView } from "@/lib/events/api-contract";
import { listTrails } from "@/lib/trails/list-trails";
import { sourceKey } from "@/lib/shared/event-keys";

export const metadata: Metadata = { title: "Trails" };
export const dynamic = "force-dynamic";

function When({ iso }: { iso: string | null }) {
  return iso ? <Timestamp iso={iso} /> : "never";
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-all text-slate-900">{children}</dd>
    </div>
  );
}

function TrailCard({ trail }: { trail: TrailView }) {
  const location = `s3://${trail.bucket}/${trail.prefix ? `${trail.prefix}/` : ""}AWSLogs/`;
  return (
    <article
      aria-labelledby={`trail-${trail.arn}`}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 id={`trail-${trail.arn}`} className="text-base font-semibold">
          {trail.name}
        </h2>
        <Badge tone={trail.multiRegion ? "sky" : "slate"}>
          {trail.multiRegion ? "Multi-region" : "Single region"}
        </Badge>
        {trail.organization ? <Badge tone="violet">Organization trail</Badge> : null}
        <Badge tone={trail.logging ? "green" : "red"}>
          {trail.logging === null ? "Logging unknown" : trail.logging ? "Logging" : "Not logging"}
        </Badge>
        <Badge tone={trail.logFileValidation ? "green" : "amber"}>
          {trail.logFileValidation ? "Log file validation on" : "Log file validation off"}
        </Badge>
      </header>
      {trail.health.message ? (
        <p
          role="alert"
          className={`mt-3 rounded-md border px-3 py-2 text-sm ${trail.health.level === "late" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-red-300 bg-red-50 text-red-900"}`}
        >
          {trail.health.message}
        </p>
      ) : null}
      <dl className="mt-3 grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <Field label="ARN">{trail.arn}</Field>
        <Field label="Account / home region">
          {trail.ownerAccountId} · {trail.homeRegion}
        </Field>
        <Field label="S3 bucket and prefix">{location}</Field>
        <Field label="Encryption">
          {trail.encryption.kind === "SSE-KMS" ? `SSE-KMS (${trail.encryption.keyId})` : "SSE-S3 (default)"}
        </Field>
        <Field label="CloudWatch Logs">
          {trail.cloudWatchLogs
            ? `${trail.cloudWatchLogs.logGroupArn}${trail.cloudWatchLogs.roleArn ? ` via ${trail.cloudWatchLogs.roleArn}` : ""}`
            : "not sent"}
        </Field>
        <Field label="Management events">{trail.recorded.management}</Field>
        <Field label="Data events">
          {trail.recorded.data.length ? trail.recorded.data.join("; ") : "none"}
        </Field>
        <Field label="Insights events">
          {trail.recorded.insights.length ? trail.recorded.insights.join(", ") : "none"}
        </Field>
        <Field label="Event selectors">{trail.recorded.selectorKind}</Field>
        <Field label="Latest delivery">
          <When iso={trail.latestDeliveryTime} />
        </Field>
        <Field label="Latest delivery error">{trail.latestDeliveryError ?? "none"}</Field>
        <Field label="Latest digest delivery">
          {trail.logFileValidation ? (
            <>
              <When iso={trail.latestDigestDeliveryTime} />
              {trail.latestDigestDeliveryError ? ` (error: ${trail.latestDigestDeliveryError})` : null}
            </>
          ) : (
            "no digests (validation off)"
          )}
        </Field>
      </dl>
      {trail.problems.length ? (
        <ul className="mt-3 list-disc pl-5 text-sm text-red-800">
          {trail.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export default async function TrailsPage() {
  const { trails, failures } = await listTrails();
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Trails</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every trail the configured accounts can see, shadow and organization trails included, with where it
          delivers, what it records and whether delivery works. CloudTrail typically delivers a log file about
          15 minutes after the API call, so the newest events reach the bucket with that delay.
        </p>
      </div>
      <ArchiveImport />
      {failures.map((f) => (
        <p
          key={sourceKey(f.accountId, f.region)}
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
        >
          {f.accountName} ({f.accountId}) in {f.region}: {f.message}
        </p>
      ))}
      {trails.length === 0 ? <p className="text-sm text-slate-600">No trails found.</p> : null}
      {trails.map((trail) => (
        <TrailCard key={trail.arn} trail={trail} />
      ))}
    </div>
  );
}
