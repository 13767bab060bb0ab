import { z } from "zod";
import { parseCliDate } from "./cli-dates";
import { isValidTrailArn } from "./validator";

/**
 * `/integrity` and `GET /api/integrity` parameters: `trailArn`, `start`, optional `end` (default now),
 * optional `account` (an organization trail's member account) and `region` (whose digests to walk;
 * default the trail's home region). Times are UTC, as validate-logs reads them.
 */

const time = z.string().transform((value, ctx) => {
  const date = parseCliDate(value);
  if (!date) {
    ctx.addIssue({ code: "custom", message: "must be a UTC date and time such as 2026-11-25T08:00:00Z" });
    return z.NEVER;
  }
  return date;
});

const schema = z
  .object({
    trailArn: z
      .string()
      .refine(isValidTrailArn, "must be a trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)"),
    start: time,
    end: time.optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit account ID")
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region name")
      .optional(),
  })
  .transform((q, ctx) => {
    const end = q.end ?? new Date(Math.floor(Date.now() / 1000) * 1000);
    if (q.start > end) ctx.addIssue({ code: "custom", path: ["start"], message: "must be before end" });
    return { ...q, end };
  });

export type IntegrityQuery = z.output<typeof schema>;

export type ParsedIntegrityQuery =
  { ok: true; query: IntegrityQuery } | { ok: false; issues: { param: string; message: string }[] };

export function parseIntegrityQuery(params: URLSearchParams): ParsedIntegrityQuery {
  const raw: Record<string, string> = {};
  for (const key of ["trailArn", "start", "end", "account", "region"]) {
    const value = params.get(key)?.trim();
    if (value) raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      param: String(issue.path[0] ?? "query"),
      message: issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message,
    })),
  };
}
