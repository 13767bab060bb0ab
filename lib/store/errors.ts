/**
 * Why the store cannot be used, each with what to do about it. Trailscope then runs without the store
 * (the live path), so none of these is fatal to the process.
 */

export type StoreErrorKind =
  "corrupt" | "locked" | "unwritable" | "disk-full" | "newer-schema" | "invalid-batch" | "closed" | "failed";

export class StoreError extends Error {
  override readonly name = "StoreError";

  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const causeText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** DuckDB reports every open failure as an "IO Error" string: its wording is the only signal there is. */
export function openFailure(file: string, error: unknown): StoreError {
  const text = causeText(error);
  const lock = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(text);
  if (lock || /Could not set lock on file/i.test(text)) {
    const holder = lock ? `${lock[1]} (pid ${lock[2]})` : "another process";
    return new StoreError(
      "locked",
      `The store ${file} is in use by another Trailscope: ${holder}; running without it. ` +
        "Stop that process, or give this one its own file with TRAILSCOPE_STORE.",
      { cause: error },
    );
  }
  if (/not a valid DuckDB database file|database file .*(corrupt|invalid)|checksum|Corrupt/i.test(text)) {
    return new StoreError(
      "corrupt",
      `The store ${file} is damaged or is not a Trailscope store (${text}); running without it. ` +
        "It is only a cache: move the file away (or delete it) and restart to rebuild it.",
      { cause: error },
    );
  }
  if (/No space left on device|ENOSPC|disk is full|Disk quota/i.test(text)) {
    return diskFull(file, error);
  }
  if (/Permission denied|EACCES|EPERM|EROFS|Read-only file system|ENOTDIR|Not a directory/i.test(text)) {
    return new StoreError(
      "unwritable",
      `The store ${file} cannot be written (${text}); running without it. ` +
        "Make its folder writable, or set TRAILSCOPE_STORE to a writable path (or to memory).",
      { cause: error },
    );
  }
  return new StoreError("failed", `The store ${file} could not be opened (${text}); running without it.`, {
    cause: error,
  });
}

export function diskFull(file: string, error: unknown): StoreError {
  return new StoreError(
    "disk-full",
    `The disk holding the store ${file} is full (${causeText(error)}); running without it. ` +
      "Free some space, or set TRAILSCOPE_STORE to a path on another disk.",
    { cause: error },
  );
}
