/**
 * `npm run tamper-archive -- [--archive-dir DIR] [--bucket B] [--account-id A] [--region R] [--prefix P]`
 *
 * Damages the demo trail archive on purpose so that every finding of `/integrity` and
 * `npm run validate-logs` can be seen: an altered, a deleted and a corrupted log file; a deleted, an
 * altered, a moved, a re-keyed and a corrupted digest file, all within the newest 13 hours of one
 * account and region. The emulator rewrites the archive when its data changes; delete
 * `<archive-dir>/.trailscope-archive.json` to have it rewritten on the next start.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_ORGANIZATION_ID } from "../lib/demo/accounts";
import { LocalObjectStore } from "../lib/trail-files/local-store";
import { accountRoot } from "../lib/trail-files/keys";
import { tamperArchive } from "../lib/integrity/tamper";

const { values } = parseArgs({
  options: {
    "archive-dir": { type: "string" },
    bucket: { type: "string", default: "trailscope-demo-central-logs" },
    "account-id": { type: "string", default: "444455556666" },
    region: { type: "string", default: "us-east-1" },
    prefix: { type: "string" },
    "organization-id": { type: "string", default: DEMO_ORGANIZATION_ID },
  },
});

const archiveDir =
  values["archive-dir"] ??
  path.join(process.env.TRAILSCOPE_DATA_DIR ?? path.resolve(import.meta.dirname, "..", ".data"), "archive");
const digestFolder = `${accountRoot({
  prefix: values.prefix,
  organizationId: values["organization-id"] || undefined,
  accountId: values["account-id"]!,
})}/CloudTrail-Digest/${values.region}/`;

tamperArchive({ store: new LocalObjectStore(archiveDir), bucket: values.bucket!, digestFolder })
  .then((actions) => {
    for (const a of actions) {
      console.log(
        `${a.kind.padEnd(19)} s3://${values.bucket}/${a.key}${a.newKey ? `\n${"".padEnd(19)} -> ${a.newKey}` : ""}`,
      );
      console.log(`${"".padEnd(19)} expect: ${a.expect}`);
    }
    console.log(`\n${actions.length} files damaged in ${path.join(archiveDir, values.bucket!)}`);
  })
  .catch((error: unknown) => {
    console.error(`tamper-archive: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
