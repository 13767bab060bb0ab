import { z } from "zod";
import type { Account } from "../aws/account";
import { ConfigError } from "../events/errors";
import { accountIdSchema, regionSchema, splitList } from "../shared/aws-names";
import { issuePath } from "../shared/params";

/**
 * The accounts file (`trailscope.config.json`) and the TRAILSCOPE_ACCOUNTS setting.
 *
 * File: `{"accounts": [{"id": "444455556666", "name": "prod", "profile": "prod-sso", "regions": ["us-east-1"]},
 *        {"id": "777788889999", "name": "dev", "roleArn": "arn:aws:iam::777788889999:role/TrailscopeReadOnly",
 *         "externalId": "…", "baseProfile": "mgmt-sso"}]}`
 * TRAILSCOPE_ACCOUNTS: the same JSON (the object or just the array), or the compact
 * `id[:name[:profile]]` list separated by commas, e.g. `444455556666:prod:prod-sso,777788889999:dev`.
 */

const accountEntry = z
  .object({
    id: accountIdSchema,
    name: z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters").optional(),
    regions: z.array(regionSchema).min(1, "must list at least one region").optional(),
    profile: z.string().trim().min(1, "must not be empty").max(128).optional(),
    roleArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
        "must be an IAM role ARN such as arn:aws:iam::444455556666:role/TrailscopeReadOnly",
      )
      .optional(),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2-1224 characters of letters, digits and +=,.@:/-")
      .optional(),
    baseProfile: z.string().trim().min(1, "must not be empty").max(128).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.profile && entry.roleArn) {
      ctx.addIssue({
        code: "custom",
        path: ["profile"],
        message:
          "give either profile or roleArn; to assume the role with a profile's credentials use baseProfile",
      });
    }
    for (const field of ["externalId", "baseProfile"] as const) {
      if (entry[field] && !entry.roleArn) {
        ctx.addIssue({ code: "custom", path: [field], message: "only applies with roleArn" });
      }
    }
    const roleAccount = entry.roleArn?.split(":")[4];
    if (roleAccount && roleAccount !== entry.id) {
      ctx.addIssue({
        code: "custom",
        path: ["roleArn"],
        message: `is a role in account ${roleAccount}, not in account ${entry.id} whose events it should read`,
      });
    }
  });

const accountsFile = z
  .object({ accounts: z.array(accountEntry).min(1, "must list at least one account") })
  .strict();

function describeIssues(origin: string, error: z.ZodError): ConfigError {
  const lines = error.issues.map((issue) => {
    const path = issuePath(issue.path);
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
        : issue.message;
    return path ? `${path}: ${message}` : message;
  });
  return new ConfigError(`${origin}: ${lines.join("; ")}`);
}

function toAccounts(entries: z.output<typeof accountEntry>[], origin: string): Account[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    if (seen.has(entry.id)) throw new ConfigError(`${origin}: account ${entry.id} is listed twice`);
    seen.add(entry.id);
    const credentials: Account["credentials"] = {};
    if (entry.profile) credentials.profile = entry.profile;
    if (entry.roleArn) credentials.roleArn = entry.roleArn;
    if (entry.externalId) credentials.externalId = entry.externalId;
    if (entry.baseProfile) credentials.baseProfile = entry.baseProfile;
    return {
      id: entry.id,
      name: entry.name ?? entry.id,
      ...(entry.regions ? { regions: entry.regions } : {}),
      credentials,
    };
  });
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${origin}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The accounts of `trailscope.config.json`; `origin` names the file in error messages. */
export function parseAccountsFile(text: string, origin: string): Account[] {
  const parsed = accountsFile.safeParse(parseJson(text, origin));
  if (!parsed.success) throw describeIssues(origin, parsed.error);
  return toAccounts(parsed.data.accounts, origin);
}

/** The accounts of TRAILSCOPE_ACCOUNTS: JSON (`{"accounts": [...]}` or `[...]`) or `id[:name[:profile]],...`. */
export function parseAccountsSetting(value: string): Account[] {
  const origin = "TRAILSCOPE_ACCOUNTS";
  const text = value.trim();
  if (text.startsWith("[") || text.startsWith("{")) {
    const json = parseJson(text, origin);
    const parsed = accountsFile.safeParse(Array.isArray(json) ? { accounts: json } : json);
    if (!parsed.success) throw describeIssues(origin, parsed.error);
    return toAccounts(parsed.data.accounts, origin);
  }
  const entries = splitList(text).map((item) => {
    const [id = "", name, profile, ...extra] = item.split(":");
    if (extra.length > 0) {
      throw new ConfigError(
        `${origin}: "${item}" has too many parts; the compact form is id[:name[:profile]]`,
      );
    }
    return { id, ...(name ? { name } : {}), ...(profile ? { profile } : {}) };
  });
  const parsed = accountsFile.safeParse({ accounts: entries });
  if (!parsed.success) throw describeIssues(origin, parsed.error);
  return toAccounts(parsed.data.accounts, origin);
}
