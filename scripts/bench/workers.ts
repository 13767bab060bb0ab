import { fork } from "node:child_process";
import path from "node:path";

/**
 * Each measurement runs in its own Node process: heap and RSS readings then belong to that
 * measurement alone, and the app's settings (read once per process from the environment) can differ
 * between runs. `--conditions=react-server` resolves `server-only` to its empty module, as Next's
 * server bundle does, so the app's server code runs unchanged.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const EXEC_ARGV = ["--conditions=react-server", "--expose-gc", "--import", "tsx"];

export function runWorker<Input, Output>(
  file: string,
  input: Input,
  env: Record<string, string | undefined> = {},
  timeoutMs = 300_000,
): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, "scripts", "bench", file), [JSON.stringify(input)], {
      cwd: ROOT,
      execArgv: EXEC_ARGV,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let output: { ok: true; value: Output } | { ok: false; error: string } | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on("message", (message) => {
      output = message as typeof output;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (output?.ok) resolve(output.value);
      else reject(new Error(output ? `${file}: ${output.error}` : `${file} exited with code ${code}`));
    });
  });
}

/** The worker side: the input from the parent, the output sent back, then exit. */
export function workerMain<Input, Output>(main: (input: Input) => Promise<Output>): void {
  const send = (message: unknown) =>
    new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
  main(JSON.parse(process.argv[2] ?? "{}") as Input)
    .then((value) => send({ ok: true, value }))
    .catch((error: unknown) =>
      send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    .finally(() => process.exit(0));
}
