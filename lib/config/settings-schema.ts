import path from "node:path";
import { z } from "zod";
import { tokenProblem } from "../security/access-token";
import { bucketNameSchema, commaList, regionSchema } from "../shared/aws-names";

/**
 * Every setting and its default, read from an environment. The demo source talks to the embedded
 * CloudTrail-compatible endpoint; `aws` uses the SDK's standard credential chain and real endpoints.
 * Not `server-only`: the launcher (scripts/start.ts) reads the same settings before Next starts.
 */

const regionList = commaList(regionSchema, { noun: "region", max: 40 });

const hostList = commaList(
  z
    .string()
    .transform((h) => h.toLowerCase())
    .pipe(
      z
        .string()
        .regex(
          /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/,
          "must be a host name without scheme or port (e.g. trailscope.internal or [fd00::2])",
        ),
    ),
  { noun: "host name", max: 50 },
);

/** A duration: seconds, or a number with s, m or h ("300", "90s", "5m", "1h"). */
const duration = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?[smh]?$/, "must be a duration such as 300, 90s, 5m or 1h")
  .transform((value) => {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000 }[value.at(-1) ?? ""] ?? 1_000;
    return Math.round(Number.parseFloat(value) * unit);
  })
  .pipe(z.number().min(10_000, "must be at least 10 seconds").max(86_400_000, "must be at most 24 hours"));

const settingsSchema = z.object({
  TRAILSCOPE_SOURCE: z.enum(["demo", "aws"]).default("demo"),
  TRAILSCOPE_DATA: z.string().min(1).optional(),
  TRAILSCOPE_DATA_DIR: z.string().min(1).optional(),
  TRAILSCOPE_EMULATOR_URL: z.url().optional(),
  TRAILSCOPE_HOST: z.string().trim().min(1, "must be an address to listen on").default("127.0.0.1"),
  TRAILSCOPE_REGIONS: regionList.optional(),
  TRAILSCOPE_TOKEN: z
    .string()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  TRAILSCOPE_ALLOWED_HOSTS: hostList.optional(),
  TRAILSCOPE_RATE: z.coerce.number().positive().max(100).default(2),
  TRAILSCOPE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  TRAILSCOPE_CONFIG: z.string().min(1).optional(),
  TRAILSCOPE_ACCOUNTS: z.string().min(1).optional(),
  TRAILSCOPE_STORE: z.string().trim().min(1, "must be a file path, memory or off").optional(),
  TRAILSCOPE_SYNC: z.enum(["on-demand", "start"]).default("on-demand"),
  TRAILSCOPE_SYNC_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TRAILSCOPE_SYNC_INTERVAL: duration.default(300_000),
  TRAILSCOPE_CURSOR_SECRET: z
    .string()
    .min(32, "must be at least 32 characters: it signs the cursors the API hands out")
    .optional(),
  TRAILSCOPE_ARCHIVE_BUCKETS: commaList(bucketNameSchema, { noun: "bucket", max: 100 }).optional(),
});

/** Where the embedded event store lives (lib/store): a DuckDB file, memory only, or no store at all. */
export type StoreSetting = { kind: "file"; path: string } | { kind: "memory" } | { kind: "off" };

export type Settings = {
  source: "demo" | "aws";
  dataPath: string | undefined;
  /** TRAILSCOPE_DATA_DIR (default `.data`, relative to the working folder): the emulator's folder; its demo trail archive is `<dataDir>/archive`. */
  dataDir: string;
  emulatorUrl: string | undefined;
  /** TRAILSCOPE_HOST: the address the launcher has Next listen on; anything but loopback needs a token. */
  host: string;
  regions: string[];
  token: string | undefined;
  /**
   * TRAILSCOPE_ALLOWED_HOSTS: Host names served besides the loopback ones (any port). Unset: without
   * a token only loopback names are served, with a token any name is.
   */
  allowedHosts: string[] | undefined;
  /** LookupEvents requests per second per (account, region) this process allows itself (AWS's limit: 2). */
  rate: number;
  /** SDK attempts per request, retries for throttling included. */
  maxAttempts: number;
  /** TRAILSCOPE_CONFIG: the accounts file; when unset, `trailscope.config.json` in the working folder if it exists. */
  configPath: string | undefined;
  /** TRAILSCOPE_ACCOUNTS: a JSON array or the compact `id:name:profile,...` form. */
  accounts: string | undefined;
  /** TRAILSCOPE_STORE: a path (default `<dataDir>/store/events.duckdb`; memory for the generated demo dataset), `memory`, or `off`. */
  store: StoreSetting;
  /** TRAILSCOPE_SYNC: `on-demand` syncs a source from its first use; `start` syncs every configured source at launch. */
  sync: "on-demand" | "start";
  /** TRAILSCOPE_SYNC_DAYS: how far back the backfill reads Event history (AWS keeps 90 days). */
  syncDays: number;
  /** TRAILSCOPE_SYNC_INTERVAL, in ms: how often the store re-reads what is new. */
  syncIntervalMs: number;
  /** TRAILSCOPE_CURSOR_SECRET: the HMAC key of cursors, shared by instances behind one URL; else a random key per process. */
  cursorSecret: string | undefined;
  /** TRAILSCOPE_ARCHIVE_BUCKETS: buckets `bucket=` may name besides those of the configured accounts' trails. */
  archiveBuckets: string[];
};

/** The regions the embedded demo dataset covers; us-east-1 carries the global services. */
export const DEMO_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"] as const;

/**
 * Unset, the store is a file, except for the demo source's generated dataset: its events are made
 * anew at each launch of the emulator, relative to that launch's time, so a file kept from another
 * run would answer with other events. Real history (AWS, or log files in TRAILSCOPE_DATA) does not
 * change once written.
 */
export function storeSetting(value: string | undefined, dataDir: string, generated = false): StoreSetting {
  if (value === "off") return { kind: "off" };
  if (value === "memory" || (value === undefined && generated)) return { kind: "memory" };
  return { kind: "file", path: value ?? path.join(dataDir, "store", "events.duckdb") };
}

/** Each problem names its setting, so the launcher and the server can word it for their readers. */
export class SettingsError extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(`Invalid Trailscope settings: ${problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`);
    this.name = "SettingsError";
  }
}

export function parseSettings(env: Record<string, string | undefined>): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((i) => ({ setting: i.path.join("."), message: i.message })),
    );
  }
  const s = parsed.data;
  const dataDir = s.TRAILSCOPE_DATA_DIR ?? ".data";
  return {
    source: s.TRAILSCOPE_SOURCE,
    dataPath: s.TRAILSCOPE_DATA,
    dataDir,
    emulatorUrl: s.TRAILSCOPE_EMULATOR_URL,
    host: s.TRAILSCOPE_HOST,
    regions: s.TRAILSCOPE_REGIONS ?? (s.TRAILSCOPE_SOURCE === "demo" ? [...DEMO_REGIONS] : ["us-east-1"]),
    token: s.TRAILSCOPE_TOKEN,
    allowedHosts: s.TRAILSCOPE_ALLOWED_HOSTS,
    rate: s.TRAILSCOPE_RATE,
    maxAttempts: s.TRAILSCOPE_MAX_ATTEMPTS,
    configPath: s.TRAILSCOPE_CONFIG,
    accounts: s.TRAILSCOPE_ACCOUNTS,
    store: storeSetting(
      s.TRAILSCOPE_STORE,
      dataDir,
      s.TRAILSCOPE_SOURCE === "demo" && s.TRAILSCOPE_DATA === undefined,
    ),
    sync: s.TRAILSCOPE_SYNC,
    syncDays: s.TRAILSCOPE_SYNC_DAYS,
    syncIntervalMs: s.TRAILSCOPE_SYNC_INTERVAL,
    cursorSecret: s.TRAILSCOPE_CURSOR_SECRET,
    archiveBuckets: s.TRAILSCOPE_ARCHIVE_BUCKETS ?? [],
  };
}
