import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { DEMO_ACCOUNTS, DEMO_SECRET_ACCESS_KEY, demoAccessKeyId } from "../../lib/demo/accounts";

/**
 * A real S3-compatible server (the npm package s3rver) on loopback for tests: the S3 path of the
 * archive reader and the validator is exercised over HTTP, never against a mock of the SDK.
 */

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

export interface TestS3Server {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

interface S3rverAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

/** Accepts the demo accounts' access keys as well as s3rver's own `S3RVER`, so one client setup reaches both endpoints. */
export async function startTestS3Server(port = 0): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "trailscope-s3rver-"));
  const require = createRequire(import.meta.url);
  const S3rver = require("s3rver") as S3rverConstructor;
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: S3rverAccount };
  for (const account of DEMO_ACCOUNTS)
    DUMMY_ACCOUNT.createKeyPair(demoAccessKeyId(account.id), DEMO_SECRET_ACCESS_KEY);
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    silent: true,
    directory,
    allowMismatchedSignatures: true,
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
