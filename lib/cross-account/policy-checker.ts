import {
  bucketArn,
  CLOUDTRAIL_SERVICE,
  deliveryResource,
  logsRoot,
  partitionOf,
  REQUIRED_ACL,
  trailArn,
} from "./bucket-policy";
import { describePrincipal, parsePolicy, type Finding, type ParsedStatement } from "./policy-document";
import {
  describeCondition,
  evaluateCondition,
  evaluatePolicy,
  globMatch,
  matchStatement,
  statementCoversAction,
  statementCoversPrincipal,
  statementCoversResource,
  type Decision,
  type RequestContext,
} from "./policy-evaluator";

/**
 * Checks an existing bucket policy against cross-account CloudTrail delivery: it replays, for each
 * account, the two requests CloudTrail makes (GetBucketAcl on the bucket, PutObject of a log file and
 * of a digest file with x-amz-acl = bucket-owner-full-control), then explains every refusal and every
 * statement that differs from AWS's documented form.
 */

export type { Finding } from "./policy-document";

export interface CheckInput {
  bucket: string;
  /** Normalized: no leading or trailing slash, "" for none. */
  prefix: string;
  accounts: string[];
  /** For an organization trail: files go to AWSLogs/<org id>/<account>/, written by the management account's trail (the first account). */
  organizationId?: string;
  /** When known, aws:SourceArn is checked against this exact trail; otherwise any trail name is tried. */
  trailName?: string;
  region: string;
  policy: string | Record<string, unknown>;
}

export interface AccountVerdict {
  id: string;
  canDeliver: boolean;
  reasons: string[];
}

export interface CheckResult {
  ok: boolean;
  findings: Finding[];
  accounts: AccountVerdict[];
}

const SAMPLE_DATE = "2026/01/01";
/** An account ID that is in no list: used to tell whether a resource pattern covers every account. */
const UNLISTED_ACCOUNT = "000000000000";

interface AccountRequests {
  sourceAccount: string;
  logKey: string;
  digestKey: string;
}

/** A trail ARN to replay the requests with; `fromPolicy` when it comes from the policy's own aws:SourceArn. */
interface SourceCandidate {
  arn: string;
  fromPolicy: boolean;
}

interface Replay {
  sourceArn: string;
  fromPolicy: boolean;
  acl: Decision;
  log: Decision;
  digest: Decision;
}

export function checkBucketPolicy(input: CheckInput): CheckResult {
  const parsed = parsePolicy(input.policy);
  const findings: Finding[] = [...parsed.findings];
  if (!parsed.readable) {
    return {
      ok: false,
      findings,
      accounts: input.accounts.map((id) => ({
        id,
        canDeliver: false,
        reasons: ["The policy could not be read."],
      })),
    };
  }
  const partition = partitionOf(input.region);
  const bucket = bucketArn(partition, input.bucket);
  const statements = parsed.statements;
  const org = input.organizationId;
  const management = input.accounts[0] ?? UNLISTED_ACCOUNT;

  const requestsFor = (account: string): AccountRequests => {
    const folder = `${bucket}/${logsRoot(input.prefix)}${org ? `${org}/` : ""}${account}`;
    const region = input.region;
    return {
      sourceAccount: org ? management : account,
      logKey: `${folder}/CloudTrail/${region}/${SAMPLE_DATE}/${account}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`,
      digestKey: `${folder}/CloudTrail-Digest/${region}/${SAMPLE_DATE}/${account}_CloudTrail-Digest_${region}_trail_${region}_20260101T000000Z.json.gz`,
    };
  };
  const expectedResource = (account: string) =>
    org
      ? deliveryResource(partition, input.bucket, input.prefix, org)
      : deliveryResource(partition, input.bucket, input.prefix, account);

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

  // --- The ACL-check statement -------------------------------------------------------------------
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
          message: `${describeResources(s, input.bucket)}; s3:GetBucketAcl must name the bucket itself, ${bucket}.`,
          fix: `Set "Resource": "${bucket}".`,
        });
      }
    }
  }

  // --- The write statements ----------------------------------------------------------------------
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

  const named = new Set<string>();
  for (const s of writeStatements) {
    for (const resource of s.resource ?? []) analyseWriteResource(s, resource);
    analyseAclCondition(s);
  }

  function analyseWriteResource(s: ParsedStatement, resource: string) {
    const arn = /^arn:[^:]*:s3:::([^/]*)(?:\/(.*))?$/.exec(resource);
    if (!arn) return;
    const [, resourceBucket = "", key] = arn;
    if (!globMatch(resourceBucket, input.bucket)) {
      findings.push({
        severity: "error",
        statement: s.label,
        message: `Resource "${resource}" is in bucket "${resourceBucket}", not "${input.bucket}".`,
        fix: `Use ${expectedResource(input.accounts[0] ?? "<account>")} (one per account).`,
      });
      return;
    }
    if (key === undefined) return;
    const covered = input.accounts.filter((a) => globMatch(resource, requestsFor(a).logKey));
    if (globMatch(resource, requestsFor(UNLISTED_ACCOUNT).logKey) && !org) {
      const restricted = s.conditions.some((c) => /^aws:source(arn|account)$/i.test(c.key));
      findings.push({
        severity: "warning",
        statement: s.label,
        message:
          `Resource "${resource}" covers the AWSLogs/ folder of every account: all ${input.accounts.length} listed accounts are covered, ` +
          (restricted
            ? "and the statement's aws:SourceArn / aws:SourceAccount condition decides which trails may write."
            : "and so is any other account's trail that names this bucket."),
        fix: restricted
          ? "Nothing to do if that is intended; listing AWSLogs/<account>/* per account is tighter."
          : `List one resource per account (${expectedResource(input.accounts[0] ?? "<account>")}) or add an aws:SourceArn condition with your trails' ARNs.`,
      });
      return;
    }
    if (covered.length) return;
    const at = key.indexOf("AWSLogs/");
    if (at < 0) {
      findings.push({
        severity: "error",
        statement: s.label,
        message: `Resource "${resource}" is not under ${logsRoot(input.prefix)}, where CloudTrail writes.`,
        fix: `Use ${expectedResource(input.accounts[0] ?? "<account>")}.`,
      });
      return;
    }
    const usedPrefix = key.slice(0, at).replace(/\/$/, "");
    const folder = key.slice(at + "AWSLogs/".length).split("/")[0] ?? "";
    const account = input.accounts.find((a) => a === folder);
    if (usedPrefix !== input.prefix) {
      if (account) named.add(account);
      const fixed = `${bucket}/${logsRoot(input.prefix)}${key.slice(at + "AWSLogs/".length)}`;
      findings.push({
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
      });
      return;
    }
    if (/^\d{12}$/.test(folder)) {
      findings.push({
        severity: "warning",
        statement: s.label,
        message: org
          ? `Resource "${resource}" is a single-account folder; the organization trail writes under AWSLogs/${org}/.`
          : `Resource "${resource}" lets CloudTrail write for account ${folder}, which is not in your list.`,
        fix: org
          ? "Keep it only for the management account's own trail."
          : `Add ${folder} to the accounts, or remove the resource.`,
      });
      return;
    }
    if (/^o-/.test(folder) && folder !== org) {
      findings.push({
        severity: org ? "error" : "warning",
        statement: s.label,
        message: org
          ? `Resource "${resource}" names organization ${folder}, not ${org}.`
          : `Resource "${resource}" is an organization trail's folder (${folder}); the account list is for single-account trails.`,
        fix: org
          ? `Change it to ${expectedResource(management)}.`
          : "Turn on the organization trail option, or list AWSLogs/<account>/* per account.",
      });
    }
  }

  function analyseAclCondition(s: ParsedStatement) {
    const entries = s.conditions.filter((c) => c.key.toLowerCase() === "s3:x-amz-acl");
    if (entries.length === 0) {
      findings.push({
        severity: "warning",
        statement: s.label,
        message: `This statement has no "s3:x-amz-acl": "${REQUIRED_ACL}" condition. Delivery still works, but the statement then allows writes with any ACL, including ones that leave the bucket owner without control of the objects.`,
        fix: `Add "Condition": {"StringEquals": {"s3:x-amz-acl": "${REQUIRED_ACL}"}}.`,
      });
      return;
    }
    const keys = new Map<string, string | null>([["s3:x-amz-acl", REQUIRED_ACL]]);
    for (const entry of entries) {
      if (evaluateCondition(entry, keys) === "no") {
        findings.push({
          severity: "error",
          statement: s.label,
          message: `The condition ${describeCondition(entry)} refuses CloudTrail's writes: CloudTrail always sends x-amz-acl "${REQUIRED_ACL}".`,
          fix: `Use "StringEquals": {"s3:x-amz-acl": "${REQUIRED_ACL}"}.`,
        });
      }
    }
  }

  if (
    deliveryAllows.length > 0 &&
    !deliveryAllows.some((s) => s.conditions.some((c) => /^aws:source(arn|account)$/i.test(c.key)))
  ) {
    findings.push({
      severity: "warning",
      message:
        "No statement has an aws:SourceArn or aws:SourceAccount condition, so a trail in any AWS account that names this bucket could write to the allowed folders (the confused-deputy problem).",
      fix: 'Add "aws:SourceArn": ["arn:aws:cloudtrail:<region>:<account>:trail/<name>", ...] to both statements\' StringEquals conditions, as AWS recommends.',
    });
  }

  // --- Replay each account's deliveries ----------------------------------------------------------
  const policySourceArns = statements.flatMap((s) =>
    s.conditions.filter((c) => c.key.toLowerCase() === "aws:sourcearn").flatMap((c) => c.values),
  );
  const sourceArnsFor = (sourceAccount: string): SourceCandidate[] => {
    if (input.trailName)
      return [{ arn: trailArn(partition, input.region, sourceAccount, input.trailName), fromPolicy: false }];
    const fromPolicy = policySourceArns
      .map((pattern) => instantiateTrailArn(pattern, sourceAccount, input.region))
      .filter((arn): arn is string => arn !== undefined)
      .map((arn) => ({ arn, fromPolicy: true }));
    return [
      ...fromPolicy,
      { arn: trailArn(partition, input.region, sourceAccount, "example-trail"), fromPolicy: false },
    ];
  };

  const replay = (req: AccountRequests, { arn: sourceArn, fromPolicy }: SourceCandidate): Replay => {
    const ctx = (action: string, resource: string, acl: string | null): RequestContext => ({
      service: CLOUDTRAIL_SERVICE,
      action,
      resource,
      keys: contextKeys(sourceArn, req.sourceAccount, acl),
    });
    return {
      sourceArn,
      fromPolicy,
      acl: evaluatePolicy(statements, ctx("s3:GetBucketAcl", bucket, null)),
      log: evaluatePolicy(statements, ctx("s3:PutObject", req.logKey, REQUIRED_ACL)),
      digest: evaluatePolicy(statements, ctx("s3:PutObject", req.digestKey, REQUIRED_ACL)),
    };
  };

  const denies = new Map<string, { accounts: Set<string>; actions: Set<string> }>();
  const possibleDenies = new Set<string>();
  const conditionMisses = new Map<string, Finding>();

  const verdicts: AccountVerdict[] = input.accounts.map((account) => {
    const req = requestsFor(account);
    const replays = sourceArnsFor(req.sourceAccount).map((c) => replay(req, c));
    const score = (r: Replay) => Number(r.acl.outcome === "allow") + Number(r.log.outcome === "allow");
    const best = replays.reduce((a, b) => (score(b) > score(a) ? b : a));
    const canDeliver = best.acl.outcome === "allow" && best.log.outcome === "allow";
    const folder = req.logKey.replace(/\/CloudTrail\/.*$/, "/*");
    const reasons: string[] = [];

    const requests = [
      {
        decision: best.acl,
        action: "s3:GetBucketAcl",
        what: "read the bucket ACL (s3:GetBucketAcl)",
        target: bucket,
        resource: bucket,
        acl: null,
      },
      {
        decision: best.log,
        action: "s3:PutObject",
        what: "write its log files (s3:PutObject)",
        target: folder,
        resource: req.logKey,
        acl: REQUIRED_ACL,
      },
    ] as const;
    for (const r of requests) {
      r.decision.possibleDenies.forEach((s) => possibleDenies.add(s.label));
      switch (r.decision.outcome) {
        case "allow":
          break;
        case "deny": {
          const label = r.decision.deniedBy?.label ?? "?";
          const entry = denies.get(label) ?? { accounts: new Set<string>(), actions: new Set<string>() };
          entry.accounts.add(account);
          entry.actions.add(r.action);
          denies.set(label, entry);
          reasons.push(
            `Deny statement ${label} stops CloudTrail from being able to ${r.what} on ${r.target}.`,
          );
          break;
        }
        case "unknown":
          reasons.push(
            `CloudTrail may ${r.what} only under conditions Trailscope cannot evaluate (${r.decision.unknownKeys.join(", ")}).`,
          );
          break;
        case "implicit-deny": {
          const miss = conditionMiss(r.action, r.resource, req, best.sourceArn);
          reasons.push(
            `No statement lets CloudTrail ${r.what} on ${r.target}.` +
              (miss
                ? ` Statement ${miss.statement} covers it, but its condition ${miss.conditions} is not met.`
                : ""),
          );
          if (miss) {
            conditionMisses.set(`${miss.statement}|${account}|${r.action}`, {
              severity: "error",
              statement: miss.statement,
              account,
              message: `Account ${account} cannot ${r.what}: CloudTrail's request (trail ${best.sourceArn}, source account ${req.sourceAccount}) does not meet the condition ${miss.conditions}.`,
              fix: /sourcearn/i.test(miss.conditions)
                ? `Add "${best.sourceArn.replace(/trail\/example-trail$/, "trail/<trail name>")}" to aws:SourceArn.`
                : /sourceaccount/i.test(miss.conditions)
                  ? `Add "${req.sourceAccount}" to aws:SourceAccount.`
                  : "Change the condition so CloudTrail's request satisfies it.",
            });
          }
          break;
        }
      }
    }
    if (canDeliver) {
      reasons.push(
        `CloudTrail can read the bucket ACL (statement ${best.acl.allowedBy?.label}) and write ${folder} (statement ${best.log.allowedBy?.label}).`,
      );
      if (best.fromPolicy)
        reasons.push(`Only from the trail ${best.sourceArn} (the policy's aws:SourceArn).`);
    }
    if (best.log.outcome === "allow" && best.digest.outcome !== "allow") {
      reasons.push(
        "Digest files (CloudTrail-Digest/) cannot be written, so log file validation will report them missing.",
      );
      findings.push({
        severity: "warning",
        account,
        message: `CloudTrail can write account ${account}'s log files but not its digest files (${req.digestKey.replace(/\/CloudTrail-Digest\/.*$/, "/CloudTrail-Digest/")}).`,
        fix: `End the resource in /${org ? `${org}/` : ""}${account}/* rather than naming the CloudTrail/ folder.`,
      });
    }
    return { id: account, canDeliver, reasons };
  });

  for (const [label, entry] of denies) {
    findings.push({
      severity: "error",
      statement: label,
      message: `This Deny statement blocks CloudTrail's ${[...entry.actions].join(" and ")} for account${entry.accounts.size > 1 ? "s" : ""} ${[...entry.accounts].join(", ")}. An explicit Deny wins over every Allow.`,
      fix: `Narrow it so it does not match CloudTrail's requests, for example add "StringNotEquals": {"aws:PrincipalServiceName": "${CLOUDTRAIL_SERVICE}"} to its Condition, or remove it.`,
    });
  }
  for (const label of possibleDenies) {
    if (denies.has(label)) continue;
    findings.push({
      severity: "warning",
      statement: label,
      message:
        "This Deny statement may block CloudTrail's delivery, depending on condition keys Trailscope cannot evaluate.",
      fix: "Check that its conditions never match requests from cloudtrail.amazonaws.com.",
    });
  }

  // --- Accounts the write resources leave out ----------------------------------------------------
  const uncovered = input.accounts.filter(
    (a) => !writeStatements.some((s) => statementCoversResource(s, requestsFor(a).logKey)),
  );
  const writeSid =
    writeStatements.find((s) => !/organization/i.test(s.label))?.label ?? writeStatements[0]?.label;
  if (org && uncovered.length === input.accounts.length && uncovered.length > 0) {
    findings.push({
      severity: "error",
      message: `Nothing lets CloudTrail write the organization trail's files under ${expectedResource(management)}, so no account (${uncovered.join(", ")}) can deliver.`,
      fix: `Add a statement like AWSCloudTrailWrite for "${expectedResource(management)}" with the s3:x-amz-acl condition.`,
    });
  } else {
    for (const account of uncovered) {
      if (named.has(account)) continue;
      findings.push({
        severity: "error",
        account,
        ...(writeSid && { statement: writeSid }),
        message: `Account ${account} is missing from the PutObject resources: nothing lets CloudTrail write to ${expectedResource(account)}.`,
        fix: writeSid
          ? `Add "${expectedResource(account)}" to the Resource list of statement ${writeSid}.`
          : `Add an AWSCloudTrailWrite statement with "Resource": "${expectedResource(account)}".`,
      });
    }
  }
  findings.push(...conditionMisses.values());

  const ok = !findings.some((f) => f.severity === "error") && verdicts.every((v) => v.canDeliver);
  // Errors first; within each severity, the order the policy was read in.
  const ordered = [
    ...findings.filter((f) => f.severity === "error"),
    ...findings.filter((f) => f.severity === "warning"),
  ];
  return { ok, findings: ordered, accounts: verdicts };

  /** An Allow statement that matches the request except for its conditions: the likely cause of a refusal. */
  function conditionMiss(action: string, resource: string, req: AccountRequests, sourceArn: string) {
    const ctx: RequestContext = {
      service: CLOUDTRAIL_SERVICE,
      action,
      resource,
      keys: contextKeys(sourceArn, req.sourceAccount, action === "s3:PutObject" ? REQUIRED_ACL : null),
    };
    for (const s of statements) {
      if (s.effect !== "Allow") continue;
      const m = matchStatement(s, ctx);
      if (m.failed.length)
        return { statement: s.label, conditions: m.failed.map(describeCondition).join("; ") };
    }
    return undefined;
  }
}

/** The condition keys of CloudTrail's delivery requests that Trailscope can know. */
function contextKeys(
  sourceArn: string,
  sourceAccount: string,
  acl: string | null,
): Map<string, string | null> {
  return new Map<string, string | null>([
    ["aws:sourcearn", sourceArn],
    ["aws:sourceaccount", sourceAccount],
    ["aws:securetransport", "true"],
    ["aws:principalservicename", CLOUDTRAIL_SERVICE],
    ["aws:principalisawsservice", "true"],
    ["s3:x-amz-acl", acl],
  ]);
}

function namesCloudTrail(s: ParsedStatement): boolean {
  return !!s.principal && !s.principal.any && (s.principal.map.Service ?? []).includes(CLOUDTRAIL_SERVICE);
}

/** Turns an aws:SourceArn value (possibly with wildcards) into a concrete trail ARN of `account`, if it can be one. */
function instantiateTrailArn(pattern: string, account: string, region: string): string | undefined {
  const parts = pattern.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || !globMatch(parts[2] ?? "", "cloudtrail")) return undefined;
  if (!globMatch(parts[4] ?? "", account)) return undefined;
  const regionPart = /[*?]/.test(parts[3] ?? "") ? region : (parts[3] ?? region);
  const resource = parts.slice(5).join(":").replace(/\*/g, "example").replace(/\?/g, "x");
  return `arn:${parts[1]}:cloudtrail:${regionPart}:${account}:${resource}`;
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
