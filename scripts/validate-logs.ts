/**
 * `npm run validate-logs -- --trail-arn ARN --start-time T [--end-time T] [--s3-bucket B] [--s3-prefix P]
 *   [--account-id A] [--verbose] [--region R] [--endpoint-url URL] [--archive-dir DIR]`
 *
 * Trailscope's `aws cloudtrail validate-logs`: the same flags, output and exit status (0 valid,
 * 1 anything INVALID, 252 bad parameters, 255 other failures). S3 and CloudTrail endpoints come from
 * the SDK's settings (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_CLOUDTRAIL, the profile's endpoint_url);
 * `--endpoint-url` applies to CloudTrail only, as in the CLI. `--archive-dir` reads a local folder
 * holding one folder per bucket (the emulator's demo archive is `<TRAILSCOPE_DATA_DIR>/archive`).
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { parseArgs } from "node:util";
import { LocalObjectStore } from "../lib/trail-files/local-store";
import type { ObjectStore } from "../lib/trail-files/object-store";
import { createS3Client, S3ObjectStore } from "../lib/trail-files/s3-store";
import { parseCliDate } from "../lib/integrity/cli-dates";
import { createCliFormatter, validateLogs } from "../lib/integrity/report";
import { resolveValidateOptions, ValidationParamError } from "../lib/integrity/trail-target";
import { isValidTrailArn } from "../lib/integrity/validator";

// The output is compared line for line with the AWS CLI's; the SDK's Node-version notice is not part of it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function write(stream: "stdout" | "stderr", text: string) {
  (stream === "stdout" ? process.stdout : process.stderr).write(text);
}

function exit(code: number, message?: string): never {
  if (message) write("stderr", `\n${message}\n`);
  process.exitCode = code;
  throw new ExitSignal();
}

class ExitSignal extends Error {}

function parse() {
  try {
    return parseArgs({
      options: {
        "trail-arn": { type: "string" },
        "start-time": { type: "string" },
        "end-time": { type: "string" },
        "s3-bucket": { type: "string" },
        "s3-prefix": { type: "string" },
        "account-id": { type: "string" },
        verbose: { type: "boolean", default: false },
        region: { type: "string" },
        "endpoint-url": { type: "string" },
        "archive-dir": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return exit(252, error instanceof Error ? error.message : String(error));
  }
}

async function main() {
  const args = parse();
  const missing = (["trail-arn", "start-time"] as const).filter((name) => !args[name]);
  if (missing.length > 0)
    exit(252, `the following arguments are required: ${missing.map((m) => `--${m}`).join(", ")}`);
  const trailArn = args["trail-arn"]!;
  const start = parseCliDate(args["start-time"]!);
  if (!start) exit(252, `Unable to parse date value: ${args["start-time"]}`);
  const end = args["end-time"]
    ? parseCliDate(args["end-time"])
    : new Date(Math.floor(Date.now() / 1000) * 1000);
  if (!end) exit(252, `Unable to parse date value: ${args["end-time"]}`);
  if (start > end) exit(252, "Invalid time range specified: start-time must occur before end-time");
  if (!isValidTrailArn(trailArn)) exit(252, `Invalid trail ARN provided: ${trailArn}`);
  const region = args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region)
    exit(253, 'You must specify a region. You can also configure your region by running "aws configure".');

  const cloudTrail = new CloudTrailClient({
    region,
    ...(args["endpoint-url"] ? { endpoint: args["endpoint-url"] } : {}),
  });
  const store: ObjectStore = args["archive-dir"]
    ? new LocalObjectStore(args["archive-dir"])
    : new S3ObjectStore(createS3Client({ region }));
  try {
    const options = await resolveValidateOptions({
      trailArn,
      start,
      end,
      bucket: args["s3-bucket"],
      prefix: args["s3-prefix"],
      accountId: args["account-id"],
      region,
      cloudTrail,
      store,
    });
    const formatter = createCliFormatter(args.verbose ?? false);
    const startup = formatter.startup(trailArn, start, end);
    write(startup.stream, startup.text);
    const report = await validateLogs(options, (entry) => {
      const chunk = formatter.entry(entry);
      if (chunk) write(chunk.stream, chunk.text);
    });
    const summary = formatter.summary(report);
    write(summary.stream, summary.text);
    process.exitCode = report.exitCode;
  } catch (error) {
    if (error instanceof ExitSignal) throw error;
    if (error instanceof ValidationParamError) exit(252, error.message);
    exit(255, error instanceof Error ? error.message : String(error));
  }
}

main().catch((error: unknown) => {
  if (!(error instanceof ExitSignal)) {
    write("stderr", `\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 255;
  }
});
