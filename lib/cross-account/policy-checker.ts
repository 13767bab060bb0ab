import { deliveryContext, type CheckInput } from "./delivery-context";
import { replayDeliveries, type AccountVerdict } from "./delivery-replay";
import { parsePolicy, type Finding } from "./policy-document";
import { analyseWriteStatements, uncoveredAccountFindings } from "./resource-analysis";
import { classifyStatements, sourceConditionFindings } from "./statement-classification";

/**
 * Checks an existing bucket policy against cross-account CloudTrail delivery: it replays, for each
 * account, the two requests CloudTrail makes (GetBucketAcl on the bucket, PutObject of a log file and
 * of a digest file with x-amz-acl = bucket-owner-full-control), then explains every refusal and every
 * statement that differs from AWS's documented form.
 */

export type { Finding } from "./policy-document";
export type { CheckInput } from "./delivery-context";
export type { AccountVerdict } from "./delivery-replay";

export interface CheckResult {
  ok: boolean;
  findings: Finding[];
  accounts: AccountVerdict[];
}

export function checkBucketPolicy(input: CheckInput): CheckResult {
  const parsed = parsePolicy(input.policy);
  if (!parsed.readable) {
    return {
      ok: false,
      findings: parsed.findings,
      accounts: input.accounts.map((id) => ({
        id,
        canDeliver: false,
        reasons: ["The policy could not be read."],
      })),
    };
  }
  const ctx = deliveryContext(input, parsed.statements);
  const classes = classifyStatements(ctx);
  const resources = analyseWriteStatements(ctx, classes.writeStatements);
  const replay = replayDeliveries(ctx);
  // The order a reader of the policy meets the problems in: its statements, their resources, then
  // what replaying the deliveries shows.
  const findings = [
    ...parsed.findings,
    ...classes.findings,
    ...resources.findings,
    ...sourceConditionFindings(classes.deliveryAllows),
    ...replay.findings,
    ...uncoveredAccountFindings(ctx, classes.writeStatements, resources.named),
    ...replay.conditionMisses,
  ];

  const ok = !findings.some((f) => f.severity === "error") && replay.verdicts.every((v) => v.canDeliver);
  // Errors first; within each severity, the order the policy was read in.
  const ordered = [
    ...findings.filter((f) => f.severity === "error"),
    ...findings.filter((f) => f.severity === "warning"),
  ];
  return { ok, findings: ordered, accounts: replay.verdicts };
}
