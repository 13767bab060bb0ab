import { describe, expect, it } from "vitest";
import { parseCliDate } from "./cli-dates";
import { cliOutput, type ValidationReport } from "./report";

const base: ValidationReport = {
  trailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
  start: "2026-11-25T00:00:00.000Z",
  end: "2026-11-25T06:00:00.000Z",
  entries: [],
  digests: { valid: 0, invalid: 0 },
  logs: { valid: 0, invalid: 0 },
  foundStart: null,
  foundEnd: null,
  exitCode: 0,
};

const text = (report: ValidationReport, verbose: boolean, stream: "stdout" | "stderr") =>
  cliOutput(report, verbose)
    .filter((c) => c.stream === stream)
    .map((c) => c.text)
    .join("");

describe("the CLI's text", () => {
  it("says so when no digest was found, without counts", () => {
    expect(text(base, true, "stdout")).toBe(
      "Validating log files for trail arn:aws:cloudtrail:us-east-1:111122223333:trail/t between 2026-11-25T00:00:00Z and 2026-11-25T06:00:00Z\n\n" +
        "Results requested for 2026-11-25T00:00:00Z to 2026-11-25T06:00:00Z\nNo digests found\n",
    );
  });

  it("separates an error after verbose lines by a blank line, and reports no valid digest", () => {
    const report: ValidationReport = {
      ...base,
      entries: [
        {
          type: "log",
          valid: true,
          bucket: "b",
          key: "l1",
          digestKey: "d",
          message: "Log file\ts3://b/l1\tvalid",
        },
        {
          type: "digest",
          valid: false,
          bucket: "b",
          key: "d0",
          problem: "not found",
          message: "Digest file\ts3://b/d0\tINVALID: not found",
        },
      ],
      digests: { valid: 0, invalid: 1 },
      logs: { valid: 1, invalid: 0 },
      exitCode: 1,
    };
    expect(text(report, true, "stderr")).toBe("\nDigest file\ts3://b/d0\tINVALID: not found\n\n");
    expect(text(report, true, "stdout")).toMatch(
      /Log file\ts3:\/\/b\/l1\tvalid\nResults requested for .*\nNo valid digests found in range\n\n0\/1 digest files valid, 1\/1 digest files INVALID\n1\/1 log files valid\n$/,
    );
  });
});

describe("parseCliDate", () => {
  it("takes the wall-clock time as UTC whatever the offset, as the CLI does", () => {
    expect(parseCliDate("2026-11-25T10:00:00+02:00")?.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(parseCliDate("2026-11-25")?.toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(parseCliDate("2026-02-30")).toBeUndefined();
    expect(parseCliDate("yesterday")).toBeUndefined();
  });

  it("keeps two-digit-era years as written (Date.UTC would read 0001 as 1901)", () => {
    expect(parseCliDate("0001-01-01T00:00:00Z")?.getUTCFullYear()).toBe(1);
    expect(parseCliDate("0099-12-31")?.toISOString()).toBe("0099-12-31T00:00:00.000Z");
    expect(parseCliDate("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(parseCliDate("2026-02-29")).toBeUndefined();
  });
});
