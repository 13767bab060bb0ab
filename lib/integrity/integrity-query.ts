import { z } from "zod";
import { accountIdSchema, regionSchema, trailArnSchema } from "../shared/aws-names";
import { parseParams, type ParamIssue } from "../shared/params";
import { windowBoundsProblem } from "../shared/time";
import { parseCliDate } from "./cli-dates";

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

/** The page's form sends its empty fields: an empty optional field means "not given". */
const blankIsAbsent = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .pipe(schema.optional())
    .optional();

const schema = z
  .object({
    trailArn: z.string().trim().pipe(trailArnSchema),
    start: z.string().trim().pipe(time),
    end: blankIsAbsent(time),
    account: blankIsAbsent(accountIdSchema),
    region: blankIsAbsent(regionSchema),
  })
  .strict();

export type IntegrityQuery = Omit<z.output<typeof schema>, "end"> & { end: Date };

export type ParsedIntegrityQuery = { ok: true; query: IntegrityQuery } | { ok: false; issues: ParamIssue[] };

export function parseIntegrityQuery(params: URLSearchParams, now: Date = new Date()): ParsedIntegrityQuery {
  const parsed = parseParams(params, schema);
  if (!parsed.ok) return parsed;
  const end = parsed.value.end ?? new Date(Math.floor(now.getTime() / 1000) * 1000);
  const problem = windowBoundsProblem(parsed.value.start, end, now);
  if (problem) return { ok: false, issues: [problem] };
  return { ok: true, query: { ...parsed.value, end } };
}
