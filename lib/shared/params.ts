import type { z } from "zod";

/** One refused input: the parameter (or body field) and what is wrong with it, for people. */
export interface ParamIssue {
  param: string;
  message: string;
}

export type ParamsResult<T> = { ok: true; value: T } | { ok: false; issues: ParamIssue[] };

/**
 * Zod's issues as `{param, message}`. A URL parameter is flat, so the param is the first path element
 * (a bad item of `account=a,b` is reported on `account`); `fallback` names the input as a whole.
 */
export function issuesFromZod(error: z.ZodError, fallback = "query"): ParamIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ param: key, message: "is not a parameter here" }));
    }
    const first = issue.path[0];
    return [{ param: first === undefined ? fallback : String(first), message: issue.message }];
  });
}

/** `accounts[0].id`: where in a nested document (the accounts file) an issue is. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

/**
 * Reads a query string with `schema`, which must be strict, so an unknown parameter is always an error.
 * A repeated parameter is refused rather than silently picking one copy; `ignore` names parameters
 * some other parser owns (page state), which are still checked for repeats. A missing required
 * parameter says "is required" instead of zod's type wording.
 */
export function parseParams<S extends z.ZodObject<z.ZodRawShape, z.core.$strict>>(
  params: URLSearchParams,
  schema: S,
  options: { ignore?: ReadonlySet<string> } = {},
): ParamsResult<z.output<S>> {
  // A Map, not an object: `constructor` or `__proto__` must be counted as what they are, not found on a prototype.
  const values = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (values.has(key) || repeated.has(key)) repeated.add(key);
    values.set(key, value);
  }
  const record = Object.fromEntries(
    [...values].filter(([key]) => !repeated.has(key) && !options.ignore?.has(key)),
  );
  const issues: ParamIssue[] = [...repeated].map((param) => ({ param, message: "is given more than once" }));
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    for (const issue of issuesFromZod(parsed.error)) {
      if (repeated.has(issue.param)) continue;
      const missing = !values.has(issue.param) && Object.hasOwn(schema.shape, issue.param);
      issues.push(missing ? { param: issue.param, message: "is required" } : issue);
    }
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, value: parsed.data };
}
