import { CLOUDTRAIL_SERVICE, REQUIRED_ACL, trailArn } from "./bucket-policy";
import { contextKeys, type AccountRequests, type DeliveryContext } from "./delivery-context";
import type { Finding } from "./policy-document";
import {
  describeCondition,
  evaluatePolicy,
  globMatch,
  matchStatement,
  type Decision,
  type RequestContext,
} from "./policy-evaluator";

/**
 * Replays, for each account, the requests CloudTrail makes (GetBucketAcl on the bucket, PutObject of
 * a log file and of a digest file) against the whole policy, and explains each refusal: the Deny
 * that wins, the condition an Allow misses, the conditions Trailscope cannot evaluate.
 */

export interface AccountVerdict {
  id: string;
  canDeliver: boolean;
  reasons: string[];
}

export interface DeliveryReplay {
  verdicts: AccountVerdict[];
  /** Digest-file warnings per account, then the Deny statements that block or may block delivery. */
  findings: Finding[];
  /** The Allow statements whose conditions refuse an account's requests, one per statement, account and action. */
  conditionMisses: Finding[];
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

export function replayDeliveries(ctx: DeliveryContext): DeliveryReplay {
  const { input, bucket, statements, organizationId: org } = ctx;
  const findings: Finding[] = [];
  const candidates = sourceCandidates(ctx);

  const replay = (req: AccountRequests, { arn: sourceArn, fromPolicy }: SourceCandidate): Replay => {
    const request = (action: string, resource: string, acl: string | null): RequestContext => ({
      service: CLOUDTRAIL_SERVICE,
      action,
      resource,
      keys: contextKeys(sourceArn, req.sourceAccount, acl),
    });
    return {
      sourceArn,
      fromPolicy,
      acl: evaluatePolicy(statements, request("s3:GetBucketAcl", bucket, null)),
      log: evaluatePolicy(statements, request("s3:PutObject", req.logKey, REQUIRED_ACL)),
      digest: evaluatePolicy(statements, request("s3:PutObject", req.digestKey, REQUIRED_ACL)),
    };
  };

  const denies = new Map<string, { accounts: Set<string>; actions: Set<string> }>();
  const possibleDenies = new Set<string>();
  const conditionMisses = new Map<string, Finding>();

  const verdicts: AccountVerdict[] = input.accounts.map((account) => {
    const req = ctx.requestsFor(account);
    const replays = candidates(req.sourceAccount).map((c) => replay(req, c));
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
      },
      {
        decision: best.log,
        action: "s3:PutObject",
        what: "write its log files (s3:PutObject)",
        target: folder,
        resource: req.logKey,
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
          const miss = conditionMiss(ctx, r.action, r.resource, req, best.sourceArn);
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
  return { verdicts, findings, conditionMisses: [...conditionMisses.values()] };
}

/**
 * The trail ARNs to replay an account's requests with: the named trail when the input has one,
 * otherwise every trail the policy's aws:SourceArn values can name for the account, then any trail.
 */
function sourceCandidates(ctx: DeliveryContext): (sourceAccount: string) => SourceCandidate[] {
  const { input, partition, statements } = ctx;
  const policySourceArns = statements.flatMap((s) =>
    s.conditions.filter((c) => c.key.toLowerCase() === "aws:sourcearn").flatMap((c) => c.values),
  );
  return (sourceAccount) => {
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
}

/** An Allow statement that matches the request except for its conditions: the likely cause of a refusal. */
function conditionMiss(
  ctx: DeliveryContext,
  action: string,
  resource: string,
  req: AccountRequests,
  sourceArn: string,
) {
  const request: RequestContext = {
    service: CLOUDTRAIL_SERVICE,
    action,
    resource,
    keys: contextKeys(sourceArn, req.sourceAccount, action === "s3:PutObject" ? REQUIRED_ACL : null),
  };
  for (const s of ctx.statements) {
    if (s.effect !== "Allow") continue;
    const m = matchStatement(s, request);
    if (m.failed.length)
      return { statement: s.label, conditions: m.failed.map(describeCondition).join("; ") };
  }
  return undefined;
}

/** Turns an aws:SourceArn value (possibly with wildcards) into a concrete trail ARN of `account`, if it can be one. */
export function instantiateTrailArn(pattern: string, account: string, region: string): string | undefined {
  const parts = pattern.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || !globMatch(parts[2] ?? "", "cloudtrail")) return undefined;
  if (!globMatch(parts[4] ?? "", account)) return undefined;
  const regionPart = /[*?]/.test(parts[3] ?? "") ? region : (parts[3] ?? region);
  const resource = parts.slice(5).join(":").replace(/\*/g, "example").replace(/\?/g, "x");
  return `arn:${parts[1]}:cloudtrail:${regionPart}:${account}:${resource}`;
}
