/**
 * Object keys of a trail's S3 layout (DESIGN.md §4): log files and hourly digest files under
 * `[prefix/]AWSLogs/[o-id/]<account>/...`, one folder per region and UTC day.
 */

export interface KeyScope {
  prefix?: string;
  organizationId?: string;
  accountId: string;
  region: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function ymd(date: Date): string {
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

/** `YYYYMMDDTHHmmZ`, the log file name's delivery minute. */
export function logFileTimestamp(date: Date): string {
  return `${ymd(date).replaceAll("/", "")}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}Z`;
}

/** `YYYYMMDDTHHMMSSZ`, the digest file name's timestamp (the AWS CLI's DATE_FORMAT). */
export function digestTimestamp(date: Date): string {
  return `${logFileTimestamp(date).slice(0, -1)}${pad(date.getUTCSeconds())}Z`;
}

export function accountRoot(scope: Omit<KeyScope, "region">): string {
  const org = scope.organizationId ? `${scope.organizationId}/` : "";
  return `${scope.prefix ? `${scope.prefix}/` : ""}AWSLogs/${org}${scope.accountId}`;
}

/** The folder of one account, region and UTC day: the listing unit of the archive reader. */
export function logFolder(scope: KeyScope, day: Date): string {
  return `${accountRoot(scope)}/CloudTrail/${scope.region}/${ymd(day)}/`;
}

export function logFileKey(scope: KeyScope, deliveredAt: Date, unique: string): string {
  const name = `${scope.accountId}_CloudTrail_${scope.region}_${logFileTimestamp(deliveredAt)}_${unique}.json.gz`;
  return `${logFolder(scope, deliveredAt)}${name}`;
}

export function digestKey(scope: KeyScope, trailName: string, homeRegion: string, deliveredAt: Date): string {
  const name =
    `${scope.accountId}_CloudTrail-Digest_${scope.region}_${trailName}_${homeRegion}_` +
    `${digestTimestamp(deliveredAt)}.json.gz`;
  return `${accountRoot(scope)}/CloudTrail-Digest/${scope.region}/${ymd(deliveredAt)}/${name}`;
}

const LOG_KEY =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\2_CloudTrail_\3_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;

export interface ParsedLogKey {
  organizationId: string | undefined;
  accountId: string;
  region: string;
  deliveredAt: Date;
}

export function parseLogFileKey(key: string): ParsedLogKey | undefined {
  const match = LOG_KEY.exec(key);
  if (!match) return undefined;
  const stamp = match[4]!;
  const deliveredAt = new Date(
    Date.UTC(
      +stamp.slice(0, 4),
      +stamp.slice(4, 6) - 1,
      +stamp.slice(6, 8),
      +stamp.slice(9, 11),
      +stamp.slice(11, 13),
    ),
  );
  return { organizationId: match[1], accountId: match[2]!, region: match[3]!, deliveredAt };
}
