import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { LocalObjectStore } from "../../lib/trail-files/local-store";

/**
 * Copies one bucket folder of a local archive into an S3 bucket, user metadata included (the digest
 * signatures), so the AWS CLI or any S3 client can validate the same files: the emulator's demo
 * archive put into MinIO, s3rver or a real bucket.
 */
export async function uploadArchiveBucket(
  local: LocalObjectStore,
  bucket: string,
  client: S3Client,
  options: { targetBucket?: string; createBucket?: boolean; concurrency?: number; prefix?: string } = {},
): Promise<number> {
  const target = options.targetBucket ?? bucket;
  if (options.createBucket) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: target }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
    }
  }
  const keys: string[] = [];
  for await (const key of local.listKeys(bucket, { prefix: options.prefix })) keys.push(key);
  const limit = options.concurrency ?? 16;
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const object = await local.getObject(bucket, key);
      if (!object) continue;
      await client.send(
        new PutObjectCommand({ Bucket: target, Key: key, Body: object.body, Metadata: object.metadata }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, keys.length) }, worker));
  return keys.length;
}
