import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import {
  READ_ONLY_OPERATIONS,
  auditAwsOperations,
  documentedPolicyActions,
  leastPrivilegePolicy,
  operationKey,
} from "./read-only-audit";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The app's code; the emulator plays AWS (it is not a client) and test/support only serves tests: neither is scanned. */
const SCANNED = ["lib", "app", "scripts", "components"];
const EXCLUDED: string[] = [];

describe("the AWS operations Trailscope can call", () => {
  const audit = auditAwsOperations(ROOT, SCANNED, EXCLUDED);
  const found = [...new Set(audit.operations.map(operationKey))].sort();

  it("are all read-only", () => {
    console.log(`AWS operations in the source (${found.length}):\n  ${found.join("\n  ")}`);
    console.log(
      `Least-privilege policy:\n${JSON.stringify(leastPrivilegePolicy(audit.operations), null, 2)}`,
    );
    expect(audit.problems).toEqual([]);
    const writes = audit.operations.filter((op) => !(operationKey(op) in READ_ONLY_OPERATIONS));
    expect(writes.map((op) => `${op.file}: ${operationKey(op)}`)).toEqual([]);
  });

  it("include the event lookup the whole app is built on", () => {
    expect(found).toContain("cloudtrail:LookupEvents");
  });

  it("are exactly what the README's IAM policy grants", () => {
    const readme = path.join(ROOT, "README.md");
    const documented = existsSync(readme) ? documentedPolicyActions(readFileSync(readme, "utf8")) : undefined;
    expect(documented, "README.md has no IAM policy block with Sid TrailscopeReadCloudTrail").toBeDefined();
    const granted = leastPrivilegePolicy(audit.operations)
      .Statement.flatMap((s) => s.Action)
      .sort();
    expect(documented).toEqual(granted);
  });
});

describe("auditAwsOperations", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trailscope-audit-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(file: string, text: string) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }

  it("finds commands, paginators, credential providers and unauditable imports", () => {
    write(
      "lib/a.ts",
      `import { CloudTrailClient, LookupEventsCommand, DeleteTrailCommand as Del, type LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";`,
    );
    write(
      "lib/b.ts",
      `import {\n  paginateListObjectsV2,\n  PutObjectCommand,\n} from '@aws-sdk/client-s3';`,
    );
    write("lib/c.ts", `import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";`);
    write("lib/d.ts", `const { StopLoggingCommand } = await import("@aws-sdk/client-cloudtrail");`);
    write("lib/e.ts", `import { CloudTrail } from "@aws-sdk/client-cloudtrail";`);
    write("lib/f.test.ts", `import { CreateTrailCommand } from "@aws-sdk/client-cloudtrail";`);
    write("lib/skipped/g.ts", `import { DeleteBucketCommand } from "@aws-sdk/client-s3";`);

    const result = auditAwsOperations(dir, ["lib"], ["lib/skipped"]);
    expect(result.operations.map(operationKey).sort()).toEqual([
      "cloudtrail:DeleteTrail",
      "cloudtrail:LookupEvents",
      "cloudtrail:StopLogging",
      "s3:ListObjectsV2",
      "s3:PutObject",
      "sts:AssumeRole",
    ]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/aggregated client CloudTrail/);
  });

  it("reads the policy back from a Markdown document", () => {
    const policy = leastPrivilegePolicy([{ service: "cloudtrail", operation: "LookupEvents" }]);
    const markdown = `# Policy\n\n\`\`\`json\n{"not": "it"}\n\`\`\`\n\n\`\`\`json\n${JSON.stringify(policy, null, 2)}\n\`\`\`\n`;
    expect(documentedPolicyActions(markdown)).toEqual(["cloudtrail:LookupEvents"]);
    expect(documentedPolicyActions("no policy here")).toBeUndefined();
  });

  it("maps operations to IAM actions, S3's renamed ones included", () => {
    const policy = leastPrivilegePolicy([
      { service: "cloudtrail", operation: "LookupEvents" },
      { service: "s3", operation: "HeadObject" },
      { service: "s3", operation: "ListObjectsV2" },
      { service: "sts", operation: "GetCallerIdentity" },
    ]);
    expect(policy.Statement.map((s) => s.Action)).toEqual([
      ["cloudtrail:LookupEvents"],
      ["s3:GetObject", "s3:ListBucket"],
    ]);
  });
});
