import { z } from "zod";

/**
 * The AWS names every edge reads (URL parameters, request bodies, settings, the accounts file,
 * cursors), written once so a region or an account ID means the same thing everywhere.
 */

/** Commercial, GovCloud and China regions: `us-east-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const regionSchema = z.string().trim().regex(REGION_PATTERN, "is not an AWS region name");

export const accountIdSchema = z
  .string()
  .trim()
  .regex(/^\d{12}$/, "is not a 12-digit account ID");

/** CloudTrail trail names: 3-128 characters, letters, digits, '.', '_' and '-', no two of those in a row. */
export const trailNameSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/,
    "must be 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
  )
  .refine((v) => !/[._-]{2}/.test(v), "must not have two of '.', '_' and '-' in a row");

const TRAIL_ARN = /^arn:aws(-cn|-us-gov)?:cloudtrail:([^:]*):([^:]*):trail\/(.*)$/;

/**
 * `arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`. Each part is checked, since the region and account
 * pick the endpoint and bucket the server reads: `evil.example.com` is not a region.
 */
export const trailArnSchema = z.string().superRefine((arn, ctx) => {
  const match = TRAIL_ARN.exec(arn);
  const wrong = (message: string) => ctx.addIssue({ code: "custom", message });
  if (!match) return wrong("must be a trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)");
  const [, , region = "", account = "", name = ""] = match;
  if (!regionSchema.safeParse(region).success)
    return wrong(`has ${JSON.stringify(region)}, not an AWS region name`);
  if (!accountIdSchema.safeParse(account).success) return wrong("must hold a 12-digit account ID");
  if (!trailNameSchema.safeParse(name).success) return wrong("must end with a trail name (trail/NAME)");
});

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
 * A trail's key prefix without its leading or trailing slashes ("/logs/" and "logs" both mean objects
 * under `logs/AWSLogs/...`), limited to S3's safe key characters so it can sit in a shell command.
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

/** Splits on commas (and, with `whitespace`, on blanks too), trimming and dropping empty items. */
export function splitList(value: string, options: { whitespace?: boolean } = {}): string[] {
  return value
    .split(options.whitespace ? /[\s,]+/ : ",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A comma list (`us-east-1,eu-west-1`) of 1 to `max` items, each checked by `item`; `noun` names one item in messages. */
export function commaList<T extends z.ZodType<unknown, string>>(
  item: T,
  options: { noun: string; max: number; whitespace?: boolean },
) {
  const { noun, max, whitespace } = options;
  return z
    .string()
    .transform((value) => splitList(value, { whitespace }))
    .pipe(
      z.array(item).min(1, `must list at least one ${noun}`).max(max, `must list at most ${max} ${noun}s`),
    );
}
