import { z } from "zod";
import {
  accountIdSchema,
  bucketNameSchema,
  prefixSchema,
  regionSchema,
  splitList,
  trailNameSchema,
} from "../shared/aws-names";
import { issuesFromZod, parseParams, type ParamsResult } from "../shared/params";

/**
 * The inputs of the cross-account setup page, its policy route and its check route: one schema, so
 * a bookmarked page URL and an API call mean the same thing.
 */

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

/**
 * How the policy ties CloudTrail's writes to your trails (AWS recommends one of the first two against
 * the confused-deputy problem): `trail` = aws:SourceArn of each trail, `account` = aws:SourceAccount.
 */
export const RESTRICT_MODES = ["trail", "account", "none"] as const;

export const DEFAULT_TRAIL_NAME = "management-events";
export const DEFAULT_REGION = "us-east-1";

/** Account lists are often pasted from a spreadsheet or a terminal: blanks separate too. */
const commaSeparated = z.string().transform((v) => splitList(v, { whitespace: true }));

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

export type ParseResult<T> = ParamsResult<T>;

/** Parses the page URL / the policy route's query string. */
export function parseSetupParams(params: URLSearchParams): ParseResult<SetupParams> {
  return parseParams(params, setupParamsSchema);
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
