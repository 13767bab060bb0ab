import "server-only";
import { z } from "zod";
import { tokenProblem } from "./security/access-token";
import { commaList, regionSchema } from "./shared/aws-names";

/**
 * Every setting, parsed once from the environment. The demo source talks to the embedded
 * CloudTrail-compatible endpoint; `aws` uses the SDK's standard credential chain and real endpoints.
 */

const regionList = commaList(regionSchema, { noun: "region", max: 40 });

const settingsSchema = z.object({
  TRAILSCOPE_SOURCE: z.enum(["demo", "aws"]).default("demo"),
  TRAILSCOPE_DATA: z.string().min(1).optional(),
  TRAILSCOPE_DATA_DIR: z.string().min(1).optional(),
  TRAILSCOPE_EMULATOR_URL: z.url().optional(),
  TRAILSCOPE_REGIONS: regionList.optional(),
  TRAILSCOPE_TOKEN: z
    .string()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  TRAILSCOPE_RATE: z.coerce.number().positive().max(100).default(2),
  TRAILSCOPE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  TRAILSCOPE_CONFIG: z.string().min(1).optional(),
  TRAILSCOPE_ACCOUNTS: z.string().min(1).optional(),
});

export type Settings = {
  source: "demo" | "aws";
  dataPath: string | undefined;
  /** TRAILSCOPE_DATA_DIR (default `.data`, relative to the working folder): the emulator's folder; its demo trail archive is `<dataDir>/archive`. */
  dataDir: string;
  emulatorUrl: string | undefined;
  regions: string[];
  token: string | undefined;
  /** LookupEvents requests per second per (account, region) this process allows itself (AWS's limit: 2). */
  rate: number;
  /** SDK attempts per request, retries for throttling included. */
  maxAttempts: number;
  /** TRAILSCOPE_CONFIG: the accounts file; when unset, `trailscope.config.json` in the working folder if it exists. */
  configPath: string | undefined;
  /** TRAILSCOPE_ACCOUNTS: a JSON array or the compact `id:name:profile,...` form. */
  accounts: string | undefined;
};

/** The regions the embedded demo dataset covers; us-east-1 carries the global services. */
export const DEMO_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"] as const;

function parseSettings(env: NodeJS.ProcessEnv): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Trailscope settings: ${problems}`);
  }
  const s = parsed.data;
  return {
    source: s.TRAILSCOPE_SOURCE,
    dataPath: s.TRAILSCOPE_DATA,
    dataDir: s.TRAILSCOPE_DATA_DIR ?? ".data",
    emulatorUrl: s.TRAILSCOPE_EMULATOR_URL,
    regions: s.TRAILSCOPE_REGIONS ?? (s.TRAILSCOPE_SOURCE === "demo" ? [...DEMO_REGIONS] : ["us-east-1"]),
    token: s.TRAILSCOPE_TOKEN,
    rate: s.TRAILSCOPE_RATE,
    maxAttempts: s.TRAILSCOPE_MAX_ATTEMPTS,
    configPath: s.TRAILSCOPE_CONFIG,
    accounts: s.TRAILSCOPE_ACCOUNTS,
  };
}

let cached: Settings | undefined;

export function getSettings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}

/** Whether Event history's 90-day retention applies: not to downloaded log files served by the demo endpoint. */
export function keepsOnly90Days(settings: Settings = getSettings()): boolean {
  return !(settings.source === "demo" && settings.dataPath);
}
