import "server-only";
import { openArchive } from "../sources/archive/open-archive";
import { ConfigError, InputError, UpstreamError } from "../events/errors";
import { sharedStore } from "../store/shared-store";
import { importArchive, type ImportProgress } from "../store/import-archive";

/**
 * "Import from the trail archive": one background import of the configured archive (the demo
 * emulator's folder, or the first account's trail bucket) per server process, its progress kept here
 * for GET /api/store/import to read. The import itself is resumable, so a restarted server that
 * starts it again continues where the last run stopped.
 */

export interface ArchiveImportJob {
  state: "idle" | "running" | "done" | "failed" | "cancelled";
  /** The archive being imported: `s3://bucket/prefix` or the local folder. */
  archive: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  progress: ImportProgress | null;
  /** Why the import could not start or stopped, for people. */
  error: string | null;
}

export type StartResult =
  | { started: true; job: ArchiveImportJob }
  | { started: false; reason: "running"; job: ArchiveImportJob }
  | { started: false; reason: "no-store"; message: string };

const IDLE: ArchiveImportJob = {
  state: "idle",
  archive: null,
  startedAt: null,
  finishedAt: null,
  progress: null,
  error: null,
};

const holder = globalThis as { trailscopeImportJob?: ArchiveImportJob };

export function archiveImportJob(): ArchiveImportJob {
  return structuredClone(holder.trailscopeImportJob ?? IDLE);
}

function describeFailure(error: unknown): string {
  if (error instanceof UpstreamError)
    return `${error.sourceError.message} ${error.sourceError.hint ?? ""}`.trim();
  if (error instanceof InputError) return error.issues.map((i) => `${i.param} ${i.message}`).join("; ");
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function startArchiveImport(): Promise<StartResult> {
  const current = holder.trailscopeImportJob;
  if (current?.state === "running") return { started: false, reason: "running", job: archiveImportJob() };
  const opened = await sharedStore();
  if (opened.status !== "open") {
    return {
      started: false,
      reason: "no-store",
      message:
        opened.status === "off"
          ? "The event store is off (TRAILSCOPE_STORE=off): there is nothing to import into."
          : opened.error.message,
    };
  }
  const job: ArchiveImportJob = {
    ...IDLE,
    state: "running",
    startedAt: new Date().toISOString(),
  };
  holder.trailscopeImportJob = job;
  void (async () => {
    try {
      const archive = await openArchive({});
      job.archive = archive.description;
      const result = await importArchive(
        opened.store,
        {
          store: archive.store,
          bucket: archive.bucket,
          prefix: archive.prefix?.replace(/^\/+|\/+$/g, "") ?? "",
        },
        { onProgress: (p) => (job.progress = p) },
      );
      job.progress = result;
      job.state = result.state === "running" ? "failed" : result.state;
      job.error = result.error ?? null;
    } catch (error) {
      job.state = "failed";
      job.error = describeFailure(error);
    }
    job.finishedAt = new Date().toISOString();
  })();
  return { started: true, job: archiveImportJob() };
}
