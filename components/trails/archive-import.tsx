"use client";

import { useCallback, useEffect, useState } from "react";
import type { ArchiveImportJob } from "@/lib/sync/archive-import-job";

/** How often the progress is read while an import runs. */
const POLL_MS = 1_000;

const n = (value: number) => value.toLocaleString("en-US");

async function readJob(response: Response): Promise<{ job?: ArchiveImportJob; message?: string }> {
  try {
    return (await response.json()) as { job?: ArchiveImportJob; message?: string };
  } catch {
    return { message: `The server answered ${response.status} without a readable body.` };
  }
}

function Summary({ job }: { job: ArchiveImportJob }) {
  const p = job.progress;
  if (!p) return <p>{job.state === "running" ? "Listing the archive…" : null}</p>;
  return (
    <div className="space-y-1">
      <p>
        {n(p.filesListed)} log files listed: {n(p.filesImported)} imported, {n(p.filesSkipped)} already
        imported, {n(p.filesUnusable)} unusable. Events: {n(p.eventsInserted)} added,{" "}
        {n(p.eventsAlreadyPresent)} already in the store, {n(p.recordsUnusable)} unusable records
        {p.eventsPerSecond > 0 ? ` (${n(p.eventsPerSecond)} events/s)` : ""}.
      </p>
      {p.problems.length > 0 ? (
        <details>
          <summary>Unusable files ({n(p.problems.length + p.problemsOmitted)})</summary>
          <ul className="list-disc pl-5 text-xs break-all">
            {p.problems.map((problem) => (
              <li key={problem.key}>
                {problem.key}: {problem.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** "Import from the trail archive": starts the background import and shows its progress. */
export function ArchiveImport() {
  const [job, setJob] = useState<ArchiveImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    const response = await fetch("/api/store/import", { cache: "no-store" });
    const body = await readJob(response);
    setLoaded(true);
    if (body.job) setJob(body.job);
    else setError(body.message ?? `Reading the import's progress failed (${response.status}).`);
  }, []);

  // Once on arrival (an import may already be running), then every POLL_MS while one runs.
  useEffect(() => {
    if (loaded && job?.state !== "running") return;
    const timer = setTimeout(() => void refresh(), loaded ? POLL_MS : 0);
    return () => clearTimeout(timer);
  }, [loaded, job, refresh]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const response = await fetch("/api/store/import", { method: "POST" });
      const body = await readJob(response);
      if (body.job) setJob(body.job);
      if (!response.ok && response.status !== 409) setError(body.message ?? `Failed (${response.status}).`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setStarting(false);
    }
  };

  const running = job?.state === "running";
  return (
    <section
      aria-labelledby="archive-import"
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="archive-import" className="text-base font-semibold">
          Event store
        </h2>
        <button
          type="button"
          onClick={() => void start()}
          disabled={running || starting}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-white disabled:opacity-50"
        >
          {running ? "Importing…" : "Import from the trail archive"}
        </button>
      </div>
      <p className="mt-1 text-slate-600">
        Copies every log file of the trail archive (any date, data events included) into the event store;
        files imported before are skipped.
      </p>
      <div role="status" aria-live="polite" className="mt-2 text-slate-900">
        {job && job.state !== "idle" ? (
          <>
            <p className="font-medium">
              {job.state === "running" ? "Importing" : `Import ${job.state}`}
              {job.archive ? ` from ${job.archive}` : ""}
            </p>
            <Summary job={job} />
            {job.error ? <p className="text-red-800">{job.error}</p> : null}
          </>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
    </section>
  );
}
