import "server-only";
import type { Account } from "../accounts/account";
import { getAccounts } from "../accounts/registry";
import { archiveStoreFor } from "../archive/archive-source";
import { cloudTrailClient } from "../cloudtrail/clients";
import { InputError } from "../events/errors";
import type { IntegrityQuery } from "./integrity-query";
import { cliOutput, summaryLines, validateLogs, type OutputChunk, type ValidationReport } from "./report";
import { resolveValidateOptions, ValidationParamError } from "./trail-target";
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
  try {
    const options = await resolveValidateOptions({
      trailArn: query.trailArn,
      start: query.start,
      end: query.end,
      accountId: query.account,
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
  } catch (error) {
    if (error instanceof ValidationParamError) {
      throw new InputError([
        {
          param: "account",
          message: "is required for an organization trail (the member account to validate)",
        },
      ]);
    }
    throw error;
  }
}
