import { CLOUDTRAIL_SERVICE } from "./bucket-policy";
import type { DeliveryContext } from "./delivery-context";
import { describePrincipal, type Finding, type ParsedStatement } from "./policy-document";
import { statementCoversAction, statementCoversPrincipal, statementCoversResource } from "./policy-evaluator";

/**
 * Which statements are meant for CloudTrail's two requests (the ACL check and the writes), and what
 * keeps the ones meant for them from serving: a principal, an action or a resource other than AWS's
 * documented form.
 */

export interface StatementClasses {
  /** Allow statements that let CloudTrail itself read the ACL or write, whatever else they allow. */
  deliveryAllows: ParsedStatement[];
  /** Statements meant for writing that let CloudTrail call s3:PutObject: the ones resource analysis reads. */
  writeStatements: ParsedStatement[];
  findings: Finding[];
}

export function classifyStatements(ctx: DeliveryContext): StatementClasses {
  const { statements } = ctx;
  // Statements written for CloudTrail: they name its service principal or say so in their Sid. A
  // public-read or admin statement that merely also matches CloudTrail is not judged as one.
  const forCloudTrail = statements.filter(
    (s) => s.effect === "Allow" && (namesCloudTrail(s) || /cloudtrail/i.test(s.label)),
  );
  const deliveryAllows = statements.filter(
    (s) =>
      s.effect === "Allow" &&
      statementCoversPrincipal(s, CLOUDTRAIL_SERVICE) &&
      (statementCoversAction(s, "s3:GetBucketAcl") || statementCoversAction(s, "s3:PutObject")),
  );
  const write = writeStatementFindings(statements, forCloudTrail);
  return {
    deliveryAllows,
    writeStatements: write.writeStatements,
    findings: [...aclStatementFindings(ctx, forCloudTrail), ...write.findings],
  };
}

/** What is wrong with the statement that should let CloudTrail call s3:GetBucketAcl on the bucket. */
export function aclStatementFindings(ctx: DeliveryContext, forCloudTrail: ParsedStatement[]): Finding[] {
  const { bucket, statements } = ctx;
  const findings: Finding[] = [];
  const aclStatements = statements.filter(
    (s) =>
      s.effect === "Allow" &&
      statementCoversAction(s, "s3:GetBucketAcl") &&
      (forCloudTrail.includes(s) ||
        statementCoversPrincipal(s, CLOUDTRAIL_SERVICE) ||
        (s.action ?? []).some((a) => a.toLowerCase() === "s3:getbucketacl")),
  );
  const aclFix = `Add {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "${CLOUDTRAIL_SERVICE}"}, "Action": "s3:GetBucketAcl", "Resource": "${bucket}"}.`;
  if (aclStatements.length === 0) {
    const wrongAction = forCloudTrail.filter((s) => statementCoversResource(s, bucket));
    if (wrongAction.length) {
      for (const s of wrongAction) {
        findings.push({
          severity: "error",
          statement: s.label,
          message: `This statement gives CloudTrail ${(s.action ?? ["everything but " + (s.notAction ?? []).join(", ")]).join(", ")} on the bucket, but CloudTrail needs s3:GetBucketAcl there.`,
          fix: 'Set its "Action" to "s3:GetBucketAcl".',
        });
      }
    } else {
      findings.push({
        severity: "error",
        message: `The ACL-check statement is missing: nothing lets ${CLOUDTRAIL_SERVICE} call s3:GetBucketAcl on ${bucket}. CloudTrail checks the bucket ACL before every delivery.`,
        fix: aclFix,
      });
    }
  } else if (
    !aclStatements.some(
      (s) => statementCoversPrincipal(s, CLOUDTRAIL_SERVICE) && statementCoversResource(s, bucket),
    )
  ) {
    for (const s of aclStatements) {
      if (!statementCoversPrincipal(s, CLOUDTRAIL_SERVICE)) {
        findings.push({
          severity: "error",
          statement: s.label,
          message: `This statement allows s3:GetBucketAcl for ${describePrincipal(s)}, not for the service ${CLOUDTRAIL_SERVICE}.`,
          fix: `Set "Principal": {"Service": "${CLOUDTRAIL_SERVICE}"}.`,
        });
      } else {
        findings.push({
          severity: "error",
          statement: s.label,
          message: `${describeResources(s, ctx.input.bucket)}; s3:GetBucketAcl must name the bucket itself, ${bucket}.`,
          fix: `Set "Resource": "${bucket}".`,
        });
      }
    }
  }
  return findings;
}

/** The statements meant for writing objects, and why those that cannot serve CloudTrail's writes fail. */
export function writeStatementFindings(
  statements: ParsedStatement[],
  forCloudTrail: ParsedStatement[],
): { writeStatements: ParsedStatement[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const putIntended = statements.filter(
    (s) =>
      s.effect === "Allow" &&
      (s.resource ?? []).some((r) => r.includes("/")) &&
      (forCloudTrail.includes(s) ||
        (statementCoversPrincipal(s, CLOUDTRAIL_SERVICE) && statementCoversAction(s, "s3:PutObject"))),
  );
  const writeStatements: ParsedStatement[] = [];
  for (const s of putIntended) {
    const principalOk = statementCoversPrincipal(s, CLOUDTRAIL_SERVICE);
    const actionOk = statementCoversAction(s, "s3:PutObject");
    if (!principalOk) {
      findings.push({
        severity: "error",
        statement: s.label,
        message: `This statement allows its actions for ${describePrincipal(s)}, not for the service ${CLOUDTRAIL_SERVICE}, so it does not let CloudTrail write.`,
        fix: `Set "Principal": {"Service": "${CLOUDTRAIL_SERVICE}"}.`,
      });
    }
    if (!actionOk) {
      findings.push({
        severity: "error",
        statement: s.label,
        message: `This statement gives CloudTrail ${(s.action ?? ["NotAction " + (s.notAction ?? []).join(", ")]).join(", ")}, but writing log files needs s3:PutObject.`,
        fix: 'Set its "Action" to "s3:PutObject".',
      });
    }
    if (principalOk && actionOk) writeStatements.push(s);
  }
  return { writeStatements, findings };
}

/** The confused-deputy warning: no statement CloudTrail delivers through limits which trails may use it. */
export function sourceConditionFindings(deliveryAllows: ParsedStatement[]): Finding[] {
  if (
    deliveryAllows.length === 0 ||
    deliveryAllows.some((s) => s.conditions.some((c) => /^aws:source(arn|account)$/i.test(c.key)))
  ) {
    return [];
  }
  return [
    {
      severity: "warning",
      message:
        "No statement has an aws:SourceArn or aws:SourceAccount condition, so a trail in any AWS account that names this bucket could write to the allowed folders (the confused-deputy problem).",
      fix: 'Add "aws:SourceArn": ["arn:aws:cloudtrail:<region>:<account>:trail/<name>", ...] to both statements\' StringEquals conditions, as AWS recommends.',
    },
  ];
}

function namesCloudTrail(s: ParsedStatement): boolean {
  return !!s.principal && !s.principal.any && (s.principal.map.Service ?? []).includes(CLOUDTRAIL_SERVICE);
}

function describeResources(s: ParsedStatement, bucket: string): string {
  const list = s.resource ?? [];
  const other = list
    .map((r) => /^arn:[^:]*:s3:::([^/]*)/.exec(r)?.[1])
    .find((b) => b !== undefined && b !== bucket);
  if (other !== undefined) return `Its Resource is bucket "${other}", not "${bucket}"`;
  if (list.some((r) => r.includes("/")))
    return `Its Resource (${list.join(", ")}) names objects, not the bucket`;
  return `Its Resource (${list.join(", ") || "NotResource"}) does not cover the bucket`;
}
