/**
 * The trail archive: log files in CloudTrail's S3 layout, in a bucket or a local folder.
 * `readArchiveEvents` streams AuditEvents by file; `listArchiveAccounts` finds the accounts of a central bucket.
 */
export { listArchiveAccounts, readArchiveEvents } from "./reader";
export type { ArchiveAccount, ArchiveLocation, ArchiveProgress, ReadArchiveOptions } from "./reader";
export type { ObjectStore, StoredObject } from "./object-store";
export { ArchiveAccessError } from "./object-store";
export { LocalObjectStore } from "./local-store";
export { createS3Client, S3ObjectStore } from "./s3-store";
