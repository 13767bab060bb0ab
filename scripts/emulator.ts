/**
 * `npm run emulator -- --port N [--data PATH] [--events N] [--rate R] [--seed S]`: the CloudTrail-compatible
 * endpoint on its own, for the AWS CLI, scripts, or a dashboard started with TRAILSCOPE_EMULATOR_URL.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/server";

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`emulator: --${name} must be a positive number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4510" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string" },
      "data-dir": { type: "string" },
      events: { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
    },
    strict: true,
  });
  const emulator = await startEmulator({
    host: values.host,
    port: Number(values.port),
    dataPath: values.data ?? process.env.TRAILSCOPE_DATA,
    dataDir: values["data-dir"] ?? process.env.TRAILSCOPE_DATA_DIR,
    eventCount: positive("events", values.events),
    rate: positive("rate", values.rate),
    seed: positive("seed", values.seed),
  });
  console.log(emulator.url);
  console.error(`emulator: ${emulator.describe()}`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
