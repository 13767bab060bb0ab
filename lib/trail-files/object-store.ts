/**
 * The little of S3 that the archive reader and the validator need, so the same code reads a real
 * bucket (or any S3-compatible store) and a local folder in the bucket's layout.
 */

export interface StoredObject {
  body: Buffer;
  /** User metadata without the `x-amz-meta-` prefix, keys lower-case (what S3 GetObject returns). */
  metadata: Record<string, string>;
}

/** One listed object: what tells a changed file from one already read without fetching it. */
export interface ListedObject {
  key: string;
  size: number;
  /** S3's ETag; a local folder has none and gives the modification time instead (as rsync compares). */
  etag: string | null;
}

export interface ListOptions {
  prefix?: string;
  /** Keys strictly after this one (S3's `marker` / `StartAfter`). */
  startAfter?: string;
  signal?: AbortSignal;
}

export interface ObjectStore {
  /** Keys in S3 order (UTF-8 binary order), lazily, so a caller can stop early. */
  listKeys(bucket: string, options?: ListOptions): AsyncGenerator<string>;
  /** The same listing with each object's size and version tag. */
  listObjects(bucket: string, options?: ListOptions): AsyncGenerator<ListedObject>;
  /** The sub-folders directly under `prefix` (S3 `CommonPrefixes` with delimiter `/`), each ending in `/`. */
  listFolders(bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]>;
  /** Undefined when the key does not exist (S3 `NoSuchKey`). */
  getObject(bucket: string, key: string, signal?: AbortSignal): Promise<StoredObject | undefined>;
  /** Where the objects live, for messages: `s3://` or a folder. */
  describe(bucket: string): string;
}

export class ArchiveAccessError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "ArchiveAccessError";
  }
}
