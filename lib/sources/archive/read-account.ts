import "server-only";
import type { SourceError, SourceStatus } from "../../events/api-contract";
import type { AuditEvent } from "../../events/audit-event";
import { ArchiveAccessError } from "../../trail-files/object-store";
import {
  mayHoldEvents,
  readArchiveEvents,
  readLogFiles,
  type ArchiveBudget,
  type LogFile,
  type ReadArchiveOptions,
} from "../../trail-files/reader";
import { LATE_DELIVERY_MS } from "../../trail-files/reader";
import { archiveErrorHint, type ArchiveAccountView, type OpenArchive } from "./open-archive";

/**
 * One account's share of an archive read, as the Events stream (one day at a time) and the
 * investigation (the whole window) both do it: the files delivered up to LATE_DELIVERY_MS after the
 * window, the events inside it, and the account's status kept up to date.
 */

export interface ArchiveRead {
  archive: Pick<OpenArchive, "location" | "store">;
  regions: string[] | undefined;
  signal?: AbortSignal;
  /** Shared by every read of one request. */
  budget: ArchiveBudget;
}

/**
 * The account's events of the inclusive window, file by file; `status.events` and `status.pages`
 * (files read) grow as they are read. `files`: the account's listing when the caller already has it.
 */
export async function* readAccountEvents(
  read: ArchiveRead,
  account: ArchiveAccountView,
  window: { start: Date; end: Date },
  status: SourceStatus,
  options: { files?: LogFile[]; onUnusable?: ReadArchiveOptions["onUnusable"] } = {},
): AsyncGenerator<AuditEvent[]> {
  const filesBefore = status.pages;
  const readEnd = new Date(window.end.getTime() + LATE_DELIVERY_MS);
  const readOptions: ReadArchiveOptions = {
    location: read.archive.location,
    store: read.archive.store,
    accounts: [account.accountId],
    regions: read.regions,
    start: window.start,
    end: readEnd,
    signal: read.signal,
    budget: read.budget,
    onProgress: (p) => {
      status.pages = filesBefore + p.filesRead;
    },
    onUnusable: options.onUnusable,
  };
  const batches = options.files
    ? readLogFiles(
        options.files.filter((f) => mayHoldEvents(f, window.start, readEnd)),
        readOptions,
      )
    : readArchiveEvents(readOptions);
  for await (const events of batches) {
    const inWindow = events.filter((e) => Date.parse(e.eventTime) <= window.end.getTime());
    status.events += inWindow.length;
    yield inWindow;
  }
}

/** Why an account's files could not be read, with what to do about it. */
export function archiveReadError(account: ArchiveAccountView, error: unknown): SourceError {
  const code = error instanceof ArchiveAccessError ? error.code : "ArchiveUnreadable";
  return {
    code,
    message: `Reading the log files of ${account.name} (${account.accountId}) failed: ${error instanceof Error ? error.message : String(error)}`,
    hint: archiveErrorHint(code),
  };
}
