import type { ConditionEntry, ParsedStatement, PrincipalSpec } from "./policy-document";

/**
 * Evaluates a bucket policy for one request the way IAM does: an explicit Deny wins, otherwise any
 * matching Allow grants, otherwise the request is refused. Condition keys Trailscope does not know the
 * value of make a statement "unknown" rather than guessing.
 */

export type Tri = "yes" | "no" | "unknown";

export interface RequestContext {
  /** The calling service principal, e.g. cloudtrail.amazonaws.com. */
  service: string;
  action: string;
  resource: string;
  /** Lower-cased condition keys → value; null means the key is known to be absent from the request. */
  keys: ReadonlyMap<string, string | null>;
}

export interface StatementMatch {
  result: Tri;
  /** Conditions that evaluated false (only when principal, action and resource matched). */
  failed: ConditionEntry[];
  unknownKeys: string[];
}

export interface Decision {
  outcome: "allow" | "deny" | "implicit-deny" | "unknown";
  allowedBy?: ParsedStatement;
  deniedBy?: ParsedStatement;
  /** Deny statements that might apply, depending on keys Trailscope cannot evaluate. */
  possibleDenies: ParsedStatement[];
  unknownKeys: string[];
}

const globCache = new Map<string, RegExp>();

/** IAM wildcards: `*` any run of characters (slashes included), `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? "i" : "s"}:${pattern}`;
  let re = globCache.get(cacheKey);
  if (!re) {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    globCache.set(cacheKey, re);
  }
  return re.test(value);
}

export function principalMatches(spec: PrincipalSpec, service: string): boolean {
  if (spec.any) return true;
  return (spec.map.Service ?? []).some((s) => s.toLowerCase() === service.toLowerCase());
}

export function statementCoversPrincipal(statement: ParsedStatement, service: string): boolean {
  if (statement.principal) return principalMatches(statement.principal, service);
  if (statement.notPrincipal) return !principalMatches(statement.notPrincipal, service);
  return false;
}

export function statementCoversAction(statement: ParsedStatement, action: string): boolean {
  if (statement.action) return statement.action.some((a) => globMatch(a, action, true));
  if (statement.notAction) return !statement.notAction.some((a) => globMatch(a, action, true));
  return false;
}

export function statementCoversResource(statement: ParsedStatement, resource: string): boolean {
  if (statement.resource) return statement.resource.some((r) => globMatch(r, resource));
  if (statement.notResource) return !statement.notResource.some((r) => globMatch(r, resource));
  return false;
}

const NEGATED = new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "ArnNotEquals",
  "ArnNotLike",
]);

export function evaluateCondition(entry: ConditionEntry, keys: ReadonlyMap<string, string | null>): Tri {
  const match = /^(ForAnyValue:|ForAllValues:)?(.+?)(IfExists)?$/.exec(entry.operator);
  const setOperator = match?.[1];
  const base = match?.[2] ?? entry.operator;
  const ifExists = Boolean(match?.[3]);
  const key = entry.key.toLowerCase();
  if (!keys.has(key)) return "unknown";
  const value = keys.get(key) ?? null;

  if (base === "Null") {
    const wantAbsent = entry.values.some((v) => v.toLowerCase() === "true");
    return (value === null) === wantAbsent ? "yes" : "no";
  }
  if (value === null) {
    return ifExists || setOperator === "ForAllValues:" || NEGATED.has(base) ? "yes" : "no";
  }
  const any = (test: (v: string) => boolean) => entry.values.some(test);
  const verdict = (b: boolean): Tri => (b ? "yes" : "no");
  switch (base) {
    case "StringEquals":
      return verdict(any((v) => v === value));
    case "StringNotEquals":
      return verdict(!any((v) => v === value));
    case "StringEqualsIgnoreCase":
      return verdict(any((v) => v.toLowerCase() === value.toLowerCase()));
    case "StringNotEqualsIgnoreCase":
      return verdict(!any((v) => v.toLowerCase() === value.toLowerCase()));
    case "StringLike":
    case "ArnEquals":
    case "ArnLike":
      return verdict(any((v) => globMatch(v, value)));
    case "StringNotLike":
    case "ArnNotEquals":
    case "ArnNotLike":
      return verdict(!any((v) => globMatch(v, value)));
    case "Bool":
      return verdict(any((v) => v.toLowerCase() === value.toLowerCase()));
    default:
      // Numeric, Date, IpAddress, Binary: none apply to the keys CloudTrail's delivery sets.
      return "unknown";
  }
}

export function matchStatement(statement: ParsedStatement, ctx: RequestContext): StatementMatch {
  if (
    !statementCoversPrincipal(statement, ctx.service) ||
    !statementCoversAction(statement, ctx.action) ||
    !statementCoversResource(statement, ctx.resource)
  ) {
    return { result: "no", failed: [], unknownKeys: [] };
  }
  const failed: ConditionEntry[] = [];
  const unknownKeys: string[] = [];
  for (const entry of statement.conditions) {
    const r = evaluateCondition(entry, ctx.keys);
    if (r === "no") failed.push(entry);
    if (r === "unknown") unknownKeys.push(entry.key);
  }
  const result: Tri = failed.length ? "no" : unknownKeys.length ? "unknown" : "yes";
  return { result, failed, unknownKeys };
}

export function evaluatePolicy(statements: ParsedStatement[], ctx: RequestContext): Decision {
  const possibleDenies: ParsedStatement[] = [];
  const unknownKeys = new Set<string>();
  let allowedBy: ParsedStatement | undefined;
  let possibleAllow = false;
  for (const statement of statements) {
    const m = matchStatement(statement, ctx);
    m.unknownKeys.forEach((k) => unknownKeys.add(k));
    if (statement.effect === "Deny") {
      if (m.result === "yes") {
        return { outcome: "deny", deniedBy: statement, possibleDenies, unknownKeys: [...unknownKeys] };
      }
      if (m.result === "unknown") possibleDenies.push(statement);
    } else if (m.result === "yes") {
      allowedBy ??= statement;
    } else if (m.result === "unknown") {
      possibleAllow = true;
    }
  }
  const outcome = allowedBy ? "allow" : possibleAllow ? "unknown" : "implicit-deny";
  return { outcome, ...(allowedBy && { allowedBy }), possibleDenies, unknownKeys: [...unknownKeys] };
}

export function describeCondition(entry: ConditionEntry): string {
  const values =
    entry.values.length === 1
      ? `"${entry.values[0]}"`
      : `one of ${entry.values.map((v) => `"${v}"`).join(", ")}`;
  return `${entry.operator} ${entry.key} ${values}`;
}
