/**
 * `npm run import -- <folder | s3://bucket[/prefix]> [--concurrency N]`
 *
 * Imports a trail's log files into the event store (TRAILSCOPE_STORE, default
 * `<TRAILSCOPE_DATA_DIR>/store/events.duckdb`): a local folder in the bucket's layout (it holds
 * `AWSLogs/`), or a bucket and the trail's key prefix through the SDK's credentials and endpoint
 * settings (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_S3). Progress goes to stderr, the summary to
 * stdout. Exit 0 when every file was considered (unusable ones are listed), 1 when the import stopped
 * (run it again to resume), 2 for bad arguments or settings, 130 when interrupted.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { LocalObjectStore } from "../lib/trail-files/local-store";
import { createS3Client, S3ObjectStore } from "../lib/trail-files/s3-store";
import { getSettings } from "../lib/config";
import { importArchive, type ArchiveTarget, type ImportProgress } from "../lib/store/import-archive";
import { openStore } from "../lib/store/open-store";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const USAGE = "usage: npm run import -- <folder | s3://bucket[/prefix]> [--concurrency N]";
const PROGRESS_EVERY_MS = 2_000;

function fail(code: number, message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(code);
}

async function resolveTarget(source: string): Promise<{ target: ArchiveTarget; description: string }> {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(source);
  if (s3) {
    const [, bucket, prefix] = s3 as unknown as [string, string, string];
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
    return {
      target: {
        store: new S3ObjectStore(createS3Client({ region })),
        bucket,
        prefix: prefix.replace(/^\/+|\/+$/g, ""),
      },
      description: source,
    };
  }
  if (source.includes("://")) fail(2, `${source}: only local folders and s3:// locations can be imported`);
  // The bucket folder holds AWSLogs/; naming AWSLogs/ itself means the same archive.
  let dir = path.resolve(source);
  if (path.basename(dir) === "AWSLogs") dir = path.dirname(dir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) fail(2, `${source} is not a folder`);
  const logs = await stat(path.join(dir, "AWSLogs")).catch(() => undefined);
  if (!logs?.isDirectory()) {
    fail(2, `${dir} holds no AWSLogs/ folder: give the folder of the bucket's copy (what aws s3 sync wrote)`);
  }
  return {
    target: { store: new LocalObjectStore(path.dirname(dir)), bucket: path.basename(dir), prefix: "" },
    description: dir,
  };
}

const n = (value: number) => value.toLocaleString("en-US");

function line(p: ImportProgress): string {
  return (
    `files: ${n(p.filesListed)} listed, ${n(p.filesImported)} read, ${n(p.filesSkipped)} already imported, ` +
    `${n(p.filesUnusable)} unusable · events: ${n(p.eventsInserted)} inserted, ` +
    `${n(p.eventsAlreadyPresent)} already present, ${n(p.recordsUnusable)} unusable records · ` +
    `${n(p.eventsPerSecond)} events/s`
  );
}

async function main() {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ allowPositionals: true, options: { concurrency: { type: "string" } } });
    } catch (error) {
      return fail(2, `${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    }
  })();
  if (positionals.length !== 1) fail(2, USAGE);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)
  ) {
    fail(2, `--concurrency must be an integer from 1 to 64, got "${values.concurrency}"`);
  }
  let settings;
  try {
    settings = getSettings();
  } catch (error) {
    fail(2, error instanceof Error ? error.message : String(error));
  }
  if (settings.store.kind === "off") fail(2, "TRAILSCOPE_STORE is off: there is no store to import into");
  const { target, description } = await resolveTarget(positionals[0]!);

  const opened = await openStore(settings.store);
  if (opened.status !== "open") {
    fail(1, opened.status === "unavailable" ? opened.error.message : "the store is off");
  }
  const { store } = opened;
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  process.stderr.write(`import: ${description} → ${store.location}\n`);
  let lastPrint = 0;
  const result = await importArchive(store, target, {
    signal: controller.signal,
    concurrency,
    onProgress(p) {
      if (Date.now() - lastPrint < PROGRESS_EVERY_MS) return;
      lastPrint = Date.now();
      process.stderr.write(`import: ${line(p)}\n`);
    },
  });
  await store.close();

  const out = [
    `Imported ${description} into ${store.location} in ${(result.elapsedMs / 1000).toFixed(1)} s: ${result.state}.`,
    line(result),
    `${n(result.otherObjects)} other objects (digest files and the like) not read; ${n(result.bytesRead)} bytes read.`,
    ...result.problems.map((p) => `unusable: ${p.key}: ${p.reason}`),
    ...(result.problemsOmitted > 0 ? [`… and ${n(result.problemsOmitted)} more unusable files`] : []),
    ...result.coverage.map(
      (c) =>
        `covered: ${c.account} ${c.region} ${new Date(c.start).toISOString()} – ${new Date(c.end).toISOString()}`,
    ),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (result.state === "cancelled") fail(130, "interrupted; run the same command again to resume");
  if (result.state === "failed") fail(1, `${result.error ?? "failed"}; run the same command again to resume`);
}

main().catch((error: unknown) => fail(1, error instanceof Error ? error.message : String(error)));
