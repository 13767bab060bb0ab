import { logsRoot, REQUIRED_ACL } from "./bucket-policy";
import { UNLISTED_ACCOUNT, type DeliveryContext } from "./delivery-context";
import type { Finding, ParsedStatement } from "./policy-document";
import { describeCondition, evaluateCondition, globMatch, statementCoversResource } from "./policy-evaluator";

/**
 * What the write statements' resources and ACL conditions let CloudTrail write: a wrong bucket or
 * prefix, a folder for every account, an account or organization not in the list, a condition that
 * refuses CloudTrail's x-amz-acl, and the listed accounts no resource covers.
 */

export interface ResourceAnalysis {
  findings: Finding[];
  /** Accounts a resource names with the wrong prefix: already explained, so not reported as missing. */
  named: Set<string>;
}

export function analyseWriteStatements(
  ctx: DeliveryContext,
  writeStatements: ParsedStatement[],
): ResourceAnalysis {
  const findings: Finding[] = [];
  const named = new Set<string>();
  for (const s of writeStatements) {
    for (const resource of s.resource ?? []) {
      const result = writeResourceFinding(ctx, s, resource);
      if (result?.account) named.add(result.account);
      if (result) findings.push(result.finding);
    }
    findings.push(...aclConditionFindings(s));
  }
  return { findings, named };
}

/** What is wrong with one write resource; `account` when it names a listed account with the wrong prefix. */
export function writeResourceFinding(
  ctx: DeliveryContext,
  s: ParsedStatement,
  resource: string,
): { finding: Finding; account?: string } | undefined {
  const { input, bucket, organizationId: org, management } = ctx;
  const arn = /^arn:[^:]*:s3:::([^/]*)(?:\/(.*))?$/.exec(resource);
  if (!arn) return undefined;
  const [, resourceBucket = "", key] = arn;
  if (!globMatch(resourceBucket, input.bucket)) {
    return {
      finding: {
        severity: "error",
        statement: s.label,
        message: `Resource "${resource}" is in bucket "${resourceBucket}", not "${input.bucket}".`,
        fix: `Use ${ctx.expectedResource(input.accounts[0] ?? "<account>")} (one per account).`,
      },
    };
  }
  if (key === undefined) return undefined;
  const covered = input.accounts.filter((a) => globMatch(resource, ctx.requestsFor(a).logKey));
  if (globMatch(resource, ctx.requestsFor(UNLISTED_ACCOUNT).logKey) && !org) {
    const restricted = s.conditions.some((c) => /^aws:source(arn|account)$/i.test(c.key));
    return {
      finding: {
        severity: "warning",
        statement: s.label,
        message:
          `Resource "${resource}" covers the AWSLogs/ folder of every account: all ${input.accounts.length} listed accounts are covered, ` +
          (restricted
            ? "and the statement's aws:SourceArn / aws:SourceAccount condition decides which trails may write."
            : "and so is any other account's trail that names this bucket."),
        fix: restricted
          ? "Nothing to do if that is intended; listing AWSLogs/<account>/* per account is tighter."
          : `List one resource per account (${ctx.expectedResource(input.accounts[0] ?? "<account>")}) or add an aws:SourceArn condition with your trails' ARNs.`,
      },
    };
  }
  if (covered.length) return undefined;
  const at = key.indexOf("AWSLogs/");
  if (at < 0) {
    return {
      finding: {
        severity: "error",
        statement: s.label,
        message: `Resource "${resource}" is not under ${logsRoot(input.prefix)}, where CloudTrail writes.`,
        fix: `Use ${ctx.expectedResource(input.accounts[0] ?? "<account>")}.`,
      },
    };
  }
  const usedPrefix = key.slice(0, at).replace(/\/$/, "");
  const folder = key.slice(at + "AWSLogs/".length).split("/")[0] ?? "";
  const account = input.accounts.find((a) => a === folder);
  if (usedPrefix !== input.prefix) {
    const fixed = `${bucket}/${logsRoot(input.prefix)}${key.slice(at + "AWSLogs/".length)}`;
    return {
      ...(account && { account }),
      finding: {
        severity: "error",
        statement: s.label,
        ...(account && { account }),
        message:
          `Resource "${resource}" ` +
          (input.prefix === ""
            ? `has the prefix "${usedPrefix}/", but the trails deliver with no prefix.`
            : usedPrefix === ""
              ? `has no prefix, but the trails deliver under "${input.prefix}/".`
              : `uses the prefix "${usedPrefix}/", but the trails deliver under "${input.prefix}/".`),
        fix: `Change it to ${fixed} (the prefix must equal each trail's S3 key prefix).`,
      },
    };
  }
  if (/^\d{12}$/.test(folder)) {
    return {
      finding: {
        severity: "warning",
        statement: s.label,
        message: org
          ? `Resource "${resource}" is a single-account folder; the organization trail writes under AWSLogs/${org}/.`
          : `Resource "${resource}" lets CloudTrail write for account ${folder}, which is not in your list.`,
        fix: org
          ? "Keep it only for the management account's own trail."
          : `Add ${folder} to the accounts, or remove the resource.`,
      },
    };
  }
  if (/^o-/.test(folder) && folder !== org) {
    return {
      finding: {
        severity: org ? "error" : "warning",
        statement: s.label,
        message: org
          ? `Resource "${resource}" names organization ${folder}, not ${org}.`
          : `Resource "${resource}" is an organization trail's folder (${folder}); the account list is for single-account trails.`,
        fix: org
          ? `Change it to ${ctx.expectedResource(management)}.`
          : "Turn on the organization trail option, or list AWSLogs/<account>/* per account.",
      },
    };
  }
  return undefined;
}

/** Whether a write statement's s3:x-amz-acl condition is there and lets CloudTrail's ACL through. */
export function aclConditionFindings(s: ParsedStatement): Finding[] {
  const entries = s.conditions.filter((c) => c.key.toLowerCase() === "s3:x-amz-acl");
  if (entries.length === 0) {
    return [
      {
        severity: "warning",
        statement: s.label,
        message: `This statement has no "s3:x-amz-acl": "${REQUIRED_ACL}" condition. Delivery still works, but the statement then allows writes with any ACL, including ones that leave the bucket owner without control of the objects.`,
        fix: `Add "Condition": {"StringEquals": {"s3:x-amz-acl": "${REQUIRED_ACL}"}}.`,
      },
    ];
  }
  const keys = new Map<string, string | null>([["s3:x-amz-acl", REQUIRED_ACL]]);
  return entries
    .filter((entry) => evaluateCondition(entry, keys) === "no")
    .map((entry) => ({
      severity: "error",
      statement: s.label,
      message: `The condition ${describeCondition(entry)} refuses CloudTrail's writes: CloudTrail always sends x-amz-acl "${REQUIRED_ACL}".`,
      fix: `Use "StringEquals": {"s3:x-amz-acl": "${REQUIRED_ACL}"}.`,
    }));
}

/** The listed accounts no write resource covers (`named` ones are already explained). */
export function uncoveredAccountFindings(
  ctx: DeliveryContext,
  writeStatements: ParsedStatement[],
  named: ReadonlySet<string>,
): Finding[] {
  const { input, organizationId: org, management } = ctx;
  const uncovered = input.accounts.filter(
    (a) => !writeStatements.some((s) => statementCoversResource(s, ctx.requestsFor(a).logKey)),
  );
  const writeSid =
    writeStatements.find((s) => !/organization/i.test(s.label))?.label ?? writeStatements[0]?.label;
  if (org && uncovered.length === input.accounts.length && uncovered.length > 0) {
    return [
      {
        severity: "error",
        message: `Nothing lets CloudTrail write the organization trail's files under ${ctx.expectedResource(management)}, so no account (${uncovered.join(", ")}) can deliver.`,
        fix: `Add a statement like AWSCloudTrailWrite for "${ctx.expectedResource(management)}" with the s3:x-amz-acl condition.`,
      },
    ];
  }
  return uncovered
    .filter((account) => !named.has(account))
    .map((account) => ({
      severity: "error",
      account,
      ...(writeSid && { statement: writeSid }),
      message: `Account ${account} is missing from the PutObject resources: nothing lets CloudTrail write to ${ctx.expectedResource(account)}.`,
      fix: writeSid
        ? `Add "${ctx.expectedResource(account)}" to the Resource list of statement ${writeSid}.`
        : `Add an AWSCloudTrailWrite statement with "Resource": "${ctx.expectedResource(account)}".`,
    }));
}
