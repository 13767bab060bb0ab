import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  ArchiveAccessError,
  type ListedObject,
  type ListOptions,
  type ObjectStore,
  type StoredObject,
} from "./object-store";

/**
 * A folder holding one sub-folder per bucket, each in the bucket's key layout (what `aws s3 sync`
 * produces). S3 user metadata (the digest signature) sits in a sidecar `<file>.s3metadata.json`,
 * which listings skip; a folder synced without it simply has no signatures.
 */

export const METADATA_SUFFIX = ".s3metadata.json";

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

export class LocalObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  private bucketDir(bucket: string): string {
    if (!bucket || bucket.includes("/") || bucket.startsWith(".")) {
      throw new ArchiveAccessError(`Invalid bucket name ${bucket}`, "InvalidBucketName");
    }
    return path.join(this.root, bucket);
  }

  private filePath(bucket: string, key: string): string {
    const parts = key.split("/");
    if (parts.some((p) => p === ".." || p === "." || p === "")) {
      throw new ArchiveAccessError(`Key ${key} cannot be stored in a folder`, "InvalidKey");
    }
    return path.join(this.bucketDir(bucket), ...parts);
  }

  describe(bucket: string): string {
    return this.bucketDir(bucket);
  }

  async *listKeys(bucket: string, options: ListOptions = {}): AsyncGenerator<string> {
    const prefix = options.prefix ?? "";
    const startAfter = options.startAfter ?? "";
    const dir = this.bucketDir(bucket);
    try {
      await readdir(dir);
    } catch (error) {
      // Named by bucket, not folder: this message reaches the browser, which has no business with server paths.
      if (isNotFound(error))
        throw new ArchiveAccessError(
          `The bucket ${bucket} does not exist in the local archive`,
          "NoSuchBucket",
        );
      throw error;
    }
    yield* this.walk(dir, "", prefix, startAfter, options.signal);
  }

  async *listObjects(bucket: string, options: ListOptions = {}): AsyncGenerator<ListedObject> {
    for await (const key of this.listKeys(bucket, options)) {
      const info = await stat(this.filePath(bucket, key)).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      // Deleted between the listing and now: S3 would not list it either.
      if (info) yield { key, size: info.size, etag: `mtime:${Math.trunc(info.mtimeMs)}` };
    }
  }

  /**
   * Depth-first in S3 key order: a folder `a` sorts as `a/`, so `CloudTrail-Digest/…` comes before
   * `CloudTrail/…` exactly as S3 lists them. Folders that cannot hold a wanted key are skipped.
   */
  private async *walk(
    dir: string,
    keyPrefix: string,
    prefix: string,
    startAfter: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const items = entries
      .filter((e) => (e.isDirectory() || e.isFile()) && !e.name.endsWith(METADATA_SUFFIX))
      .map((e) => ({
        key: keyPrefix + e.name + (e.isDirectory() ? "/" : ""),
        dir: e.isDirectory(),
        name: e.name,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const item of items) {
      if (item.dir) {
        const mayMatchPrefix = item.key.startsWith(prefix) || prefix.startsWith(item.key);
        const mayFollowStart = startAfter.startsWith(item.key) || item.key > startAfter;
        if (mayMatchPrefix && mayFollowStart) {
          yield* this.walk(path.join(dir, item.name), item.key, prefix, startAfter, signal);
        }
      } else if (item.key > startAfter && item.key.startsWith(prefix)) {
        yield item.key;
      }
    }
  }

  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const bucketDir = this.bucketDir(bucket);
    const dir = path.join(bucketDir, ...prefix.split("/").filter(Boolean));
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isDirectory())
        .map((e) => `${prefix}${e.name}/`)
        .sort();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // As S3 answers: an empty listing for a missing folder, NoSuchBucket for a missing bucket.
      if (dir !== bucketDir && (await stat(bucketDir).catch(() => undefined))?.isDirectory()) return [];
      throw new ArchiveAccessError(`The bucket folder ${bucketDir} does not exist`, "NoSuchBucket");
    }
  }

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const file = this.filePath(bucket, key);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      if (isNotFound(error) || (error as NodeJS.ErrnoException).code === "EISDIR") return undefined;
      throw error;
    }
    let metadata: Record<string, string> = {};
    try {
      metadata = JSON.parse(await readFile(file + METADATA_SUFFIX, "utf8")) as Record<string, string>;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    return { body, metadata };
  }

  async putObject(
    bucket: string,
    key: string,
    body: Buffer,
    metadata: Record<string, string> = {},
  ): Promise<void> {
    const file = this.filePath(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
    if (Object.keys(metadata).length > 0) await writeFile(file + METADATA_SUFFIX, JSON.stringify(metadata));
    else await rm(file + METADATA_SUFFIX, { force: true });
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    const file = this.filePath(bucket, key);
    await rm(file, { force: true });
    await rm(file + METADATA_SUFFIX, { force: true });
  }

  /** A server-side copy then delete, as `aws s3 mv` does: the metadata travels with the object. */
  async moveObject(bucket: string, key: string, newKey: string): Promise<void> {
    const from = this.filePath(bucket, key);
    const to = this.filePath(bucket, newKey);
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
    try {
      await rename(from + METADATA_SUFFIX, to + METADATA_SUFFIX);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
