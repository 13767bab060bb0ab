/**
 * Reads a bucket policy as S3 accepts it: Statement as one object or a list, Action/Resource as a
 * string or a list, Principal as "*" or a map of string-or-list, Condition operators with their
 * ForAnyValue:/ForAllValues: and IfExists variants. What cannot be read becomes a finding, never a throw.
 */

export interface Finding {
  severity: "error" | "warning";
  /** The statement's Sid, or "Statement[n]" (0-based, as in the JSON) when it has none. */
  statement?: string;
  account?: string;
  message: string;
  fix: string;
}

export type PrincipalSpec = { any: true } | { any: false; map: Record<string, string[]> };

export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export interface ParsedStatement {
  label: string;
  effect: "Allow" | "Deny";
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionEntry[];
}

export interface ParsedPolicy {
  statements: ParsedStatement[];
  findings: Finding[];
  /** False when the text is not a policy at all (bad JSON, no Statement). */
  readable: boolean;
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function stringList(v: unknown): string[] | undefined {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

function scalarList(v: unknown): string[] | undefined {
  const scalar = (x: unknown) => typeof x === "string" || typeof x === "number" || typeof x === "boolean";
  if (scalar(v)) return [String(v)];
  if (Array.isArray(v) && v.length > 0 && v.every(scalar)) return v.map(String);
  return undefined;
}

const PASTE_FIX =
  "Paste the policy exactly as `aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text` prints it.";

export function parsePolicy(input: string | JsonObject): ParsedPolicy {
  const findings: Finding[] = [];
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      const detail = error instanceof SyntaxError ? error.message : "unreadable";
      findings.push({
        severity: "error",
        message: `The policy is not valid JSON (${detail}).`,
        fix: PASTE_FIX,
      });
      return { statements: [], findings, readable: false };
    }
  }
  if (!isObject(doc)) {
    findings.push({
      severity: "error",
      message: "The policy must be a JSON object with a Statement list.",
      fix: PASTE_FIX,
    });
    return { statements: [], findings, readable: false };
  }
  const raw = doc.Statement;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length === 0) {
    findings.push({ severity: "error", message: "The policy has no Statement.", fix: PASTE_FIX });
    return { statements: [], findings, readable: false };
  }
  if (doc.Version !== "2012-10-17") {
    findings.push({
      severity: "warning",
      message: `The policy's Version is ${JSON.stringify(doc.Version ?? null)}, not "2012-10-17".`,
      fix: 'Set "Version": "2012-10-17", the current policy language version.',
    });
  }
  const statements: ParsedStatement[] = [];
  items.forEach((item, index) => {
    const parsed = parseStatement(item, index, findings);
    if (parsed) statements.push(parsed);
  });
  return { statements, findings, readable: true };
}

function parseStatement(item: unknown, index: number, findings: Finding[]): ParsedStatement | undefined {
  const fallback = `Statement[${index}]`;
  if (!isObject(item)) {
    findings.push({
      severity: "error",
      statement: fallback,
      message: "This statement is not a JSON object.",
      fix: PASTE_FIX,
    });
    return undefined;
  }
  const label = typeof item.Sid === "string" && item.Sid ? item.Sid : fallback;
  const bad = (message: string, fix: string) => {
    findings.push({ severity: "error", statement: label, message, fix });
    return undefined;
  };
  if (item.Effect !== "Allow" && item.Effect !== "Deny") {
    return bad(
      `Effect is ${JSON.stringify(item.Effect ?? null)}; it must be "Allow" or "Deny".`,
      'Set "Effect": "Allow".',
    );
  }
  const principal = item.Principal === undefined ? undefined : parsePrincipal(item.Principal);
  const notPrincipal = item.NotPrincipal === undefined ? undefined : parsePrincipal(item.NotPrincipal);
  if (item.Principal === undefined && item.NotPrincipal === undefined) {
    return bad(
      "The statement has no Principal; every bucket policy statement needs one.",
      'Add "Principal": {"Service": "cloudtrail.amazonaws.com"}.',
    );
  }
  if ((item.Principal !== undefined && !principal) || (item.NotPrincipal !== undefined && !notPrincipal)) {
    return bad(
      `Principal ${JSON.stringify(item.Principal ?? item.NotPrincipal)} is not valid: it must be "*" or an object such as {"Service": "cloudtrail.amazonaws.com"}.`,
      'Write the principal as "Principal": {"Service": "cloudtrail.amazonaws.com"}.',
    );
  }
  const action = item.Action === undefined ? undefined : stringList(item.Action);
  const notAction = item.NotAction === undefined ? undefined : stringList(item.NotAction);
  if (!action && !notAction) {
    return bad(
      "The statement has no readable Action (a string or a list of strings).",
      'Add "Action": "s3:PutObject" (or "s3:GetBucketAcl").',
    );
  }
  const resource = item.Resource === undefined ? undefined : stringList(item.Resource);
  const notResource = item.NotResource === undefined ? undefined : stringList(item.NotResource);
  if (!resource && !notResource) {
    return bad(
      "The statement has no readable Resource (a string or a list of strings).",
      "Add the bucket or object ARN as Resource.",
    );
  }
  const conditions: ConditionEntry[] = [];
  if (item.Condition !== undefined) {
    if (!isObject(item.Condition))
      return bad("Condition must be an object of operators.", "Fix the Condition block.");
    for (const [operator, block] of Object.entries(item.Condition)) {
      if (!isObject(block))
        return bad(`Condition operator ${operator} must map keys to values.`, "Fix the Condition block.");
      for (const [key, value] of Object.entries(block)) {
        const values = scalarList(value);
        if (!values)
          return bad(`Condition ${operator} ${key} has no readable value.`, "Fix the Condition block.");
        conditions.push({ operator, key, values });
      }
    }
  }
  return {
    label,
    effect: item.Effect,
    ...(principal && { principal }),
    ...(notPrincipal && { notPrincipal }),
    ...(action && { action }),
    ...(notAction && { notAction }),
    ...(resource && { resource }),
    ...(notResource && { notResource }),
    conditions,
  };
}

function parsePrincipal(value: unknown): PrincipalSpec | undefined {
  if (value === "*") return { any: true };
  if (!isObject(value)) return undefined;
  const map: Record<string, string[]> = {};
  for (const [kind, ids] of Object.entries(value)) {
    const list = stringList(ids);
    if (!list) return undefined;
    // IAM treats {"AWS": "*"} like "*": everyone, service principals included.
    if (kind === "AWS" && list.includes("*")) return { any: true };
    map[kind] = list;
  }
  return Object.keys(map).length ? { any: false, map } : undefined;
}

export function describePrincipal(statement: ParsedStatement): string {
  const spec = statement.principal ?? statement.notPrincipal;
  const prefix = statement.principal ? "" : "everyone except ";
  if (!spec) return "nobody";
  if (spec.any) return `${prefix}everyone ("*")`;
  return (
    prefix +
    Object.entries(spec.map)
      .map(([kind, ids]) => `${kind} ${ids.join(", ")}`)
      .join("; ")
  );
}
