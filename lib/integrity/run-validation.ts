import "server-only";
import type { Account } from "../aws/account";
import { getAccounts } from "../accounts/registry";
import { archiveLocationFor, archiveStoreFor } from "../sources/archive/archive-location";
import { listArchiveAccounts } from "../trail-files/reader";
import { cloudTrailClient } from "../aws/clients";
import { InputError } from "../events/errors";
import type { IntegrityQuery } from "./integrity-query";
import { cliOutput, summaryLines, validateLogs, type OutputChunk, type ValidationReport } from "./report";
import type { TrailView } from "../trails/list-trails";
import { resolveValidateOptions } from "./trail-target";
import { trailArnParts } from "./validator";

/**
 * Runs the validator for the app: CloudTrail through the account's client, S3 through the same
 * credentials (the SDK's endpoint settings apply), or the emulator's local demo archive.
 */

export interface IntegrityResult {
  report: ValidationReport;
  summary: string[];
  /** The text `aws cloudtrail validate-logs --verbose` prints for the same run. */
  output: OutputChunk[];
  region: string;
  accountId: string;
}

function pickAccount(accounts: Account[], ownerId: string): Account {
  const owner = accounts.find((a) => a.id === ownerId);
  if (owner) return owner;
  if (accounts.length === 0)
    throw new InputError([{ param: "trailArn", message: "no account is configured" }]);
  return accounts[0]!;
}

export async function runIntegrityValidation(
  query: IntegrityQuery,
  signal?: AbortSignal,
): Promise<IntegrityResult> {
  const arn = trailArnParts(query.trailArn);
  const account = pickAccount(await getAccounts(), arn.accountId);
  const region = query.region ?? arn.region;
  const store = archiveStoreFor(account, region);
  const options = await resolveValidateOptions({
    trailArn: query.trailArn,
    start: query.start,
    end: query.end,
    // The page's default: an organization trail validates its own (management) account's files.
    accountId: query.account ?? arn.accountId,
    region,
    cloudTrail: cloudTrailClient(account, region),
    store,
    signal,
  });
  const report = await validateLogs(options);
  return {
    report,
    summary: summaryLines(report),
    output: cliOutput(report, true),
    region,
    accountId: options.accountId,
  };
}

/**
 * The accounts whose files an organization trail holds (`AWSLogs/<o-id>/<account>/` in its bucket),
 * the trail's own account first; for any other trail, only its own account.
 */
export async function trailMemberAccounts(trail: TrailView, signal?: AbortSignal): Promise<string[]> {
  if (!trail.organization) return [trail.ownerAccountId];
  const account = pickAccount(await getAccounts(), trail.readByAccount.id);
  const found = await listArchiveAccounts(
    archiveLocationFor(trail.bucket, trail.prefix),
    archiveStoreFor(account, trail.homeRegion),
    signal,
  );
  const members = found.filter((a) => a.organizationId !== undefined).map((a) => a.accountId);
  return [trail.ownerAccountId, ...members.filter((id) => id !== trail.ownerAccountId)];
}
