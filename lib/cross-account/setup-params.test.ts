import { describe, expect, it } from "vitest";
import { parseCheckBody, parseSetupParams } from "./setup-params";

const parse = (query: string) => parseSetupParams(new URLSearchParams(query));
const issueFor = (query: string, param: string) => {
  const result = parse(query);
  return result.ok ? undefined : result.issues.find((i) => i.param === param)?.message;
};

describe("parseSetupParams", () => {
  it("normalizes slashes around the prefix, splits and de-duplicates the accounts, and fills defaults", () => {
    const result = parse(
      "bucket=central-logs&prefix=/org/logs/&accounts=111122223333, 444455556666,111122223333",
    );
    expect(result).toEqual({
      ok: true,
      value: {
        bucket: "central-logs",
        prefix: "org/logs",
        accounts: ["111122223333", "444455556666"],
        organizationId: undefined,
        trailName: "management-events",
        region: "us-east-1",
        restrict: "trail",
      },
    });
  });

  it("applies S3's bucket naming rules", () => {
    expect(issueFor("bucket=ab&accounts=111122223333", "bucket")).toBe("must be 3-63 characters");
    expect(issueFor("bucket=Central&accounts=111122223333", "bucket")).toContain("lowercase");
    expect(issueFor("bucket=a..b&accounts=111122223333", "bucket")).toContain("adjacent periods");
    expect(issueFor("bucket=192.168.1.1&accounts=111122223333", "bucket")).toContain("IP address");
    expect(issueFor("bucket=-logs&accounts=111122223333", "bucket")).toContain("begin and end");
    expect(issueFor("bucket=xn--logs&accounts=111122223333", "bucket")).toContain("reserved");
    expect(issueFor(`bucket=${"a".repeat(64)}&accounts=111122223333`, "bucket")).toBe(
      "must be 3-63 characters",
    );
  });

  it("rejects bad account IDs, prefixes, organization IDs and repeated parameters, naming each", () => {
    expect(issueFor("bucket=central-logs&accounts=12345", "accounts")).toBe("is not a 12-digit account ID");
    expect(issueFor("bucket=central-logs&accounts=", "accounts")).toBe("must list at least one account ID");
    expect(issueFor("bucket=central-logs&accounts=111122223333&prefix=a//b", "prefix")).toContain(
      "empty folder",
    );
    expect(issueFor("bucket=central-logs&accounts=111122223333&prefix=AWSLogs", "prefix")).toContain(
      "AWSLogs",
    );
    expect(issueFor("bucket=central-logs&accounts=111122223333&prefix=a%20b", "prefix")).toContain(
      "may contain only",
    );
    expect(
      issueFor("bucket=central-logs&accounts=111122223333&organizationId=org-1", "organizationId"),
    ).toContain("organization ID");
    expect(issueFor("bucket=a-b&bucket=c-d&accounts=111122223333", "bucket")).toBe("is given more than once");
    expect(issueFor("bucket=central-logs&accounts=111122223333&color=red", "color")).toBe(
      "is not a parameter here",
    );
  });
});

describe("parseCheckBody", () => {
  it("accepts accounts as a list or a comma string and the policy as text or an object", () => {
    const a = parseCheckBody({ bucket: "central-logs", accounts: ["111122223333"], policy: "{}" });
    const b = parseCheckBody({ bucket: "central-logs", accounts: "111122223333", policy: { Statement: [] } });
    expect(a.ok && a.value.prefix).toBe("");
    expect(b.ok && b.value.accounts).toEqual(["111122223333"]);
  });

  it("names the bad field", () => {
    const result = parseCheckBody({ bucket: "central-logs", accounts: ["111122223333"], policy: 42 });
    expect(result.ok ? [] : result.issues.map((i) => i.param)).toEqual(["policy"]);
    const missing = parseCheckBody({ accounts: ["111122223333"], policy: "{}" });
    expect(missing.ok ? [] : missing.issues.map((i) => i.param)).toEqual(["bucket"]);
  });
});
