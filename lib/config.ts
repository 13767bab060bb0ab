import "server-only";
import { z } from "zod";

/**
 * Every setting, parsed once from the environment. The demo source talks to the embedded
 * CloudTrail-compatible endpoint; `aws` uses the SDK's standard credential chain and real endpoints.
 */

const regionList = z
  .string()
  .transform((value) => value.split(",").map((r) => r.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "not an AWS region name")).min(1));

const settingsSchema = z.object({
  TRAILSCOPE_SOURCE: z.enum(["demo", "aws"]).default("demo"),
  TRAILSCOPE_DATA: z.string().min(1).optional(),
  TRAILSCOPE_EMULATOR_URL: z.url().optional(),
  TRAILSCOPE_REGIONS: regionList.optional(),
  TRAILSCOPE_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Settings = {
  source: "demo" | "aws";
  dataPath: string | undefined;
  emulatorUrl: string | undefined;
  regions: string[];
  token: string | undefined;
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
    emulatorUrl: s.TRAILSCOPE_EMULATOR_URL,
    regions: s.TRAILSCOPE_REGIONS ?? (s.TRAILSCOPE_SOURCE === "demo" ? [...DEMO_REGIONS] : ["us-east-1"]),
    token: s.TRAILSCOPE_TOKEN,
  };
}

let cached: Settings | undefined;

export function getSettings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}
