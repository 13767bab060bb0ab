import { z } from "zod";

/**
 * The inputs of the cross-account setup page, its policy route and its check route: one schema, so
 * a bookmarked page URL and an API call mean the same thing.
 */

/** S3's general-purpose bucket naming rules. */
export const bucketNameSchema = z
  .string()
  .trim()
  .min(3, "must be 3-63 characters")
  .max(63, "must be 3-63 characters")
  .regex(/^[a-z0-9.-]+$/, "may contain only lowercase letters, digits, '.' and '-'")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "must begin and end with a letter or digit")
  .refine((v) => !v.includes(".."), "must not contain two adjacent periods")
  .refine((v) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(v), "must not be formatted as an IP address")
  .refine(
    (v) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(v),
    "must not start with xn--, sthree- or amzn-s3-demo- (reserved by S3)",
  )
  .refine(
    (v) => !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(v),
    "must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved by S3)",
  );

/** CloudTrail's S3KeyPrefix is at most 200 characters. */
export const MAX_PREFIX_LENGTH = 200;

/**
 * A key prefix without its leading or trailing slashes ("/logs/" and "logs" both mean objects under
 * `logs/AWSLogs/...`), limited to S3's safe key characters so it can sit in a shell command.
 */
export const prefixSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/^\/+|\/+$/g, ""))
  .pipe(
    z
      .string()
      .max(MAX_PREFIX_LENGTH, `must be at most ${MAX_PREFIX_LENGTH} characters`)
      .regex(/^[A-Za-z0-9!_.*'()/-]*$/, "may contain only letters, digits, '/' and ! _ . * ' ( ) -")
      .refine((v) => !v.includes("//"), "must not contain an empty folder ('//')")
      // CloudTrail refuses a prefix that puts logs under AWSLogs/ itself.
      .refine(
        (v) => !/^AWSLogs(\/|$)/.test(v),
        "must not start with AWSLogs: CloudTrail adds AWSLogs/ itself",
      ),
  );

export const accountIdSchema = z.string().regex(/^\d{12}$/, "is not a 12-digit account ID");
export const MAX_ACCOUNTS = 200;

export const accountListSchema = z
  .array(z.string().trim().pipe(accountIdSchema))
  .min(1, "must list at least one account ID")
  .max(MAX_ACCOUNTS, `must list at most ${MAX_ACCOUNTS} accounts`)
  .transform((ids) => [...new Set(ids)]);

export const organizationIdSchema = z
  .string()
  .trim()
  .regex(
    /^o-[a-z0-9]{10,32}$/,
    "is not an organization ID (o- followed by 10-32 lowercase letters or digits)",
  );

/** CloudTrail trail names: 3-128 characters, letters, digits, '.', '_' and '-', no two of those in a row. */
export const trailNameSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/,
    "must be 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
  )
  .refine((v) => !/[._-]{2}/.test(v), "must not have two of '.', '_' and '-' in a row");

export const regionSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "is not an AWS region name");

/**
 * How the policy ties CloudTrail's writes to your trails (AWS recommends one of the first two against
 * the confused-deputy problem): `trail` = aws:SourceArn of each trail, `account` = aws:SourceAccount.
 */
export const RESTRICT_MODES = ["trail", "account", "none"] as const;

export const DEFAULT_TRAIL_NAME = "management-events";
export const DEFAULT_REGION = "us-east-1";

const commaSeparated = z.string().transform((v) =>
  v
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean),
);

export const setupParamsSchema = z
  .object({
    bucket: bucketNameSchema,
    prefix: prefixSchema.default(""),
    accounts: commaSeparated.pipe(accountListSchema),
    organizationId: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .pipe(organizationIdSchema.optional()),
    trailName: trailNameSchema.default(DEFAULT_TRAIL_NAME),
    region: regionSchema.default(DEFAULT_REGION),
    restrict: z.enum(RESTRICT_MODES).default("trail"),
  })
  .strict();

export type SetupParams = z.output<typeof setupParamsSchema>;

export interface ParamIssue {
  param: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ParamIssue[] };

export function issuesFromZod(error: z.ZodError, fallback: string): ParamIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const message =
      issue.code === "unrecognized_keys" ? `unknown parameter(s): ${issue.keys.join(", ")}` : issue.message;
    return { param: path.length ? path.join(".") : fallback, message };
  });
}

/** Parses the page URL / the policy route's query string. A repeated parameter is an error, not a silent pick. */
export function parseSetupParams(params: URLSearchParams): ParseResult<SetupParams> {
  const record: Record<string, string> = {};
  const issues: ParamIssue[] = [];
  for (const [key, value] of params) {
    if (key in record) issues.push({ param: key, message: "is given more than once" });
    else record[key] = value;
  }
  const parsed = setupParamsSchema.safeParse(record);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error, "query"));
  if (issues.length) return { ok: false, issues };
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues };
}

/** The largest policy S3 accepts is 20 KB; the check body allows some room around it. */
export const MAX_POLICY_CHARS = 20 * 1024;
export const MAX_CHECK_BODY_BYTES = 64 * 1024;

export const checkBodySchema = z
  .object({
    bucket: bucketNameSchema,
    prefix: z.string().default("").pipe(prefixSchema),
    accounts: z.union([commaSeparated, z.array(z.string())]).pipe(accountListSchema),
    organizationId: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .pipe(organizationIdSchema.optional()),
    trailName: trailNameSchema.optional(),
    region: regionSchema.default(DEFAULT_REGION),
    policy: z.union([
      z
        .string()
        .min(1, "must not be empty")
        .max(MAX_POLICY_CHARS, `must be at most ${MAX_POLICY_CHARS} characters`),
      z.record(z.string(), z.unknown()),
    ]),
  })
  .strict();

export type CheckBody = z.output<typeof checkBodySchema>;

export function parseCheckBody(body: unknown): ParseResult<CheckBody> {
  const parsed = checkBodySchema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: issuesFromZod(parsed.error, "body") };
}
