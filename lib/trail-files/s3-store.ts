import {
  GetObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import {
  ArchiveAccessError,
  type ListedObject,
  type ListOptions,
  type ObjectStore,
  type StoredObject,
} from "./object-store";

export interface S3StoreOptions {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** An S3-compatible endpoint; when absent the SDK's own settings apply (AWS_ENDPOINT_URL_S3, the profile). */
  endpoint?: string;
}

/** True when the SDK will send S3 requests somewhere other than AWS, which usually needs path-style URLs. */
function customEndpointConfigured(endpoint: string | undefined): boolean {
  return Boolean(endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
}

export function createS3Client(options: S3StoreOptions): S3Client {
  return new S3Client({
    region: options.region,
    credentials: options.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // MinIO, s3rver and most S3-compatible stores serve no virtual-hosted bucket names on loopback.
    forcePathStyle: customEndpointConfigured(options.endpoint),
    maxAttempts: 3,
  });
}

function accessError(error: unknown, what: string): never {
  if (error instanceof S3ServiceException) {
    throw new ArchiveAccessError(`S3 ${error.name} for ${what}: ${error.message}`, error.name);
  }
  throw error;
}

export class S3ObjectStore implements ObjectStore {
  constructor(readonly client: S3Client) {}

  describe(bucket: string): string {
    return `s3://${bucket}`;
  }

  async *listKeys(bucket: string, options: ListOptions = {}): AsyncGenerator<string> {
    for await (const object of this.listObjects(bucket, options)) yield object.key;
  }

  /** ListObjects (v1, with `marker`): what the AWS CLI's validate-logs uses, and what every S3-compatible store serves. */
  async *listObjects(bucket: string, options: ListOptions = {}): AsyncGenerator<ListedObject> {
    let marker = options.startAfter || undefined;
    for (;;) {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsCommand({ Bucket: bucket, Prefix: options.prefix || undefined, Marker: marker }),
          { abortSignal: options.signal },
        );
      } catch (error) {
        accessError(error, `listing s3://${bucket}/${options.prefix ?? ""}`);
      }
      const objects = (page.Contents ?? []).flatMap((object) =>
        object.Key ? [{ key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? null }] : [],
      );
      yield* objects;
      if (!page.IsTruncated || objects.length === 0) return;
      marker = page.NextMarker ?? objects[objects.length - 1]!.key;
    }
  }

  async listFolders(bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
    const folders: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await this.list(bucket, { Prefix: prefix, Delimiter: "/", Marker: marker }, signal);
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
      if (!page.IsTruncated || !page.NextMarker) break;
      marker = page.NextMarker;
    }
    return folders.length > 0 ? folders : this.skipScanFolders(bucket, prefix, signal);
  }

  /**
   * Some S3-compatible stores (s3rver among them) return no CommonPrefixes for nested folders. One
   * single-key listing per folder, each starting past the previous folder, finds them all the same.
   */
  private async skipScanFolders(bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
    const folders: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await this.list(bucket, { Prefix: prefix, Marker: marker, MaxKeys: 1 }, signal);
      const key = page.Contents?.[0]?.Key;
      if (!key) return folders;
      const slash = key.indexOf("/", prefix.length);
      if (slash === -1) {
        marker = key;
        continue;
      }
      const folder = key.slice(0, slash + 1);
      folders.push(folder);
      // "0" follows "/" in byte order: the next key after every key of this folder.
      marker = `${folder.slice(0, -1)}0`;
    }
  }

  private async list(
    bucket: string,
    input: { Prefix?: string; Delimiter?: string; Marker?: string; MaxKeys?: number },
    signal?: AbortSignal,
  ) {
    try {
      return await this.client.send(new ListObjectsCommand({ Bucket: bucket, ...input }), {
        abortSignal: signal,
      });
    } catch (error) {
      accessError(error, `listing s3://${bucket}/${input.Prefix ?? ""}`);
    }
  }

  async getObject(bucket: string, key: string, signal?: AbortSignal): Promise<StoredObject | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      const bytes = await response.Body?.transformToByteArray();
      return { body: Buffer.from(bytes ?? []), metadata: response.Metadata ?? {} };
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === "NoSuchKey")) {
        return undefined;
      }
      accessError(error, `s3://${bucket}/${key}`);
    }
  }
}
