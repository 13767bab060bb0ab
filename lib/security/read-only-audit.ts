import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Trailscope only reads. This lists, from the source, every AWS operation the app can call, and maps
 * the allowed (read-only) ones to the IAM actions the README's least-privilege policy grants.
 */

export interface AwsOperation {
  /** The SDK package suffix: cloudtrail, s3, sts. */
  service: string;
  /** The API operation, e.g. LookupEvents. */
  operation: string;
}

export interface OperationUse extends AwsOperation {
  file: string;
}

/**
 * Read-only operations and the IAM action each needs (null: no permission is needed, as for
 * GetCallerIdentity). HeadObject is authorized by s3:GetObject, ListObjects[V2] and HeadBucket by
 * s3:ListBucket: S3's action names are not its operation names.
 */
export const READ_ONLY_OPERATIONS: Readonly<Record<string, string | null>> = {
  "cloudtrail:LookupEvents": "cloudtrail:LookupEvents",
  "cloudtrail:DescribeTrails": "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrail": "cloudtrail:GetTrail",
  "cloudtrail:GetTrailStatus": "cloudtrail:GetTrailStatus",
  "cloudtrail:GetEventSelectors": "cloudtrail:GetEventSelectors",
  "cloudtrail:GetInsightSelectors": "cloudtrail:GetInsightSelectors",
  "cloudtrail:ListTrails": "cloudtrail:ListTrails",
  "cloudtrail:ListPublicKeys": "cloudtrail:ListPublicKeys",
  "cloudtrail:ListTags": "cloudtrail:ListTags",
  "sts:GetCallerIdentity": null,
  "sts:AssumeRole": "sts:AssumeRole",
  "s3:GetObject": "s3:GetObject",
  "s3:HeadObject": "s3:GetObject",
  "s3:ListObjects": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:HeadBucket": "s3:ListBucket",
  "s3:GetBucketLocation": "s3:GetBucketLocation",
  "s3:GetBucketPolicy": "s3:GetBucketPolicy",
  "s3:GetBucketAcl": "s3:GetBucketAcl",
};

/** Credential providers that call an STS operation on the app's behalf. */
const CREDENTIAL_PROVIDER_OPERATIONS: Readonly<Record<string, AwsOperation>> = {
  fromTemporaryCredentials: { service: "sts", operation: "AssumeRole" },
  fromWebToken: { service: "sts", operation: "AssumeRoleWithWebIdentity" },
  fromTokenFile: { service: "sts", operation: "AssumeRoleWithWebIdentity" },
};

const SOURCE_EXTENSIONS = /\.(?:ts|tsx|mts|cts|js|mjs)$/;
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;

function sourceFiles(root: string, dir: string, excluded: readonly string[]): string[] {
  const full = path.join(root, dir);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (excluded.some((prefix) => relative === prefix || relative.startsWith(`${prefix}/`))) return [];
    if (entry.isDirectory()) return sourceFiles(root, relative, excluded);
    return SOURCE_EXTENSIONS.test(entry.name) && !TEST_FILE.test(entry.name) ? [relative] : [];
  });
}

/** `import { A, B as C } from "@aws-sdk/client-x"` and `await import("@aws-sdk/client-x")` destructured. */
const SDK_IMPORT =
  /(?:import\s*(?:type\s+)?\{([^}]*)\}\s*from|\{([^}]*)\}\s*=\s*await\s+import\s*\()\s*["']@aws-sdk\/(client-[a-z0-9-]+|credential-providers|lib-storage)["']/g;

export interface AuditResult {
  operations: OperationUse[];
  /** Things the scan cannot vouch for: aggregated clients (method per operation) and unknown SDK helpers. */
  problems: string[];
}

/** Scans `dirs` under `root` (tests and `excluded` prefixes skipped) for the AWS operations they can call. */
export function auditAwsOperations(
  root: string,
  dirs: readonly string[],
  excluded: readonly string[],
): AuditResult {
  const operations: OperationUse[] = [];
  const problems: string[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(root, dir, excluded))) {
    const text = readFileSync(path.join(root, file), "utf8");
    for (const match of text.matchAll(SDK_IMPORT)) {
      const names = (match[1] ?? match[2] ?? "")
        .split(",")
        .map(
          (part) =>
            part
              .replace(/^\s*type\s+/, "")
              .split(/\s+as\s+|\s*:\s*/)[0]
              ?.trim() ?? "",
        )
        .filter(Boolean);
      const pkg = match[3] ?? "";
      if (pkg === "lib-storage") {
        problems.push(`${file}: @aws-sdk/lib-storage uploads objects`);
        continue;
      }
      for (const name of names) {
        if (pkg === "credential-providers") {
          const op = CREDENTIAL_PROVIDER_OPERATIONS[name];
          if (op) operations.push({ ...op, file });
          continue;
        }
        const service = pkg.replace(/^client-/, "");
        const command = /^(\w+)Command$/.exec(name);
        const paginator = /^paginate(\w+)$/.exec(name);
        const waiter = /^waitUntil(\w+)$/.exec(name);
        if (command?.[1]) operations.push({ service, operation: command[1], file });
        else if (paginator?.[1]) operations.push({ service, operation: paginator[1], file });
        else if (waiter) problems.push(`${file}: waiter ${name} from @aws-sdk/${pkg}`);
        // The aggregated client (`new CloudTrail().deleteTrail()`) has a method per operation: not auditable.
        else if (name.toLowerCase() === service.replace(/-/g, "")) {
          problems.push(
            `${file}: aggregated client ${name} from @aws-sdk/${pkg}; import single commands instead`,
          );
        }
      }
    }
  }
  return { operations, problems };
}

export function operationKey(op: AwsOperation): string {
  return `${op.service}:${op.operation}`;
}

export interface IamPolicy {
  Version: "2012-10-17";
  Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: string | string[] }[];
}

/** Placeholders the README tells the reader to replace. */
export const TRAIL_BUCKET_PLACEHOLDER = "YOUR-TRAIL-BUCKET";
export const READ_ROLE_NAME = "TrailscopeReadOnly";

/**
 * The least-privilege identity policy for the operations found. CloudTrail's read actions are not
 * all scopable to a trail (LookupEvents and ListPublicKeys take no resource), so they get "*"; S3
 * is limited to the trail bucket, AssumeRole to the read-only role in each account.
 */
export function leastPrivilegePolicy(operations: readonly AwsOperation[]): IamPolicy {
  const actions = [
    ...new Set(
      operations
        .map((op) => READ_ONLY_OPERATIONS[operationKey(op)])
        .filter((a): a is string => typeof a === "string"),
    ),
  ].sort();
  const byService = (prefix: string) => actions.filter((a) => a.startsWith(prefix));
  const statements: IamPolicy["Statement"] = [
    { Sid: "TrailscopeReadCloudTrail", Effect: "Allow", Action: byService("cloudtrail:"), Resource: "*" },
    {
      Sid: "TrailscopeReadTrailBuckets",
      Effect: "Allow",
      Action: byService("s3:"),
      Resource: [`arn:aws:s3:::${TRAIL_BUCKET_PLACEHOLDER}`, `arn:aws:s3:::${TRAIL_BUCKET_PLACEHOLDER}/*`],
    },
    {
      Sid: "TrailscopeAssumeReadRoles",
      Effect: "Allow",
      Action: byService("sts:"),
      Resource: `arn:aws:iam::*:role/${READ_ROLE_NAME}`,
    },
  ];
  return { Version: "2012-10-17", Statement: statements.filter((s) => s.Action.length > 0) };
}

/** The actions of the policy in a Markdown document's JSON blocks that carries `sid`, or undefined. */
export function documentedPolicyActions(
  markdown: string,
  sid = "TrailscopeReadCloudTrail",
): string[] | undefined {
  for (const match of markdown.matchAll(/```json\s*\n([\s\S]*?)```/g)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[1] ?? "");
    } catch {
      continue;
    }
    const statements = (parsed as { Statement?: unknown }).Statement;
    if (!Array.isArray(statements) || !statements.some((st) => (st as { Sid?: unknown }).Sid === sid))
      continue;
    return [
      ...new Set(
        statements.flatMap((st) => {
          const action = (st as { Action?: unknown }).Action;
          return Array.isArray(action) ? action.map(String) : typeof action === "string" ? [action] : [];
        }),
      ),
    ].sort();
  }
  return undefined;
}
