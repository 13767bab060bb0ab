import { describe, expect, it } from "vitest";
import { SourceFailure, toSourceError } from "./errors";

const account = { id: "444455556666", name: "prod", credentials: { profile: "prod-sso" } };

/** Errors shaped as the SDK and Node raise them (name, code, message, cause). */
function sdkError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("toSourceError", () => {
  it("tells an expired session to log in again with the account's profile", () => {
    const e = toSourceError(
      sdkError("ExpiredTokenException", "The security token included in the request is expired"),
      {
        source: "aws",
        account,
        region: "us-east-1",
      },
    );
    expect(e.code).toBe("ExpiredTokenException");
    expect(e.message).toContain("prod (444455556666) in us-east-1");
    expect(e.hint).toContain("aws sso login --profile prod-sso");
  });

  it("recognizes an expired SSO token from the credential provider", () => {
    const e = toSourceError(
      sdkError(
        "CredentialsProviderError",
        "The SSO session associated with this profile has expired or is otherwise invalid.",
      ),
      { source: "aws", account },
    );
    expect(e.code).toBe("ExpiredTokenException");
  });

  it("explains missing credentials", () => {
    const e = toSourceError(
      sdkError("CredentialsProviderError", "Could not load credentials from any providers"),
      { source: "aws" },
    );
    expect(e.code).toBe("CredentialsProviderError");
    expect(e.hint).toMatch(/AWS_PROFILE/);
  });

  it("separates AssumeRole refusals from missing CloudTrail permissions", () => {
    expect(
      toSourceError(sdkError("AccessDenied", "not authorized to perform: sts:AssumeRole"), { source: "aws" })
        .hint,
    ).toMatch(/trust policy/);
    expect(
      toSourceError(sdkError("AccessDeniedException", "not authorized"), { source: "aws" }).hint,
    ).toMatch(/cloudtrail:LookupEvents/);
  });

  it("maps transport failures, also when wrapped, to EndpointUnreachable", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4520"), { code: "ECONNREFUSED" });
    const wrapped = new Error("fetch failed", { cause: refused });
    for (const error of [
      refused,
      wrapped,
      Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" }),
    ]) {
      const e = toSourceError(error, { source: "demo" });
      expect(e.code).toBe("EndpointUnreachable");
      expect(e.hint).toMatch(/TRAILSCOPE_EMULATOR_URL/);
    }
    expect(toSourceError(sdkError("TimeoutError", "timed out"), { source: "aws" }).hint).toMatch(/network/);
  });

  it("maps throttling after retries and LookupEvents' input errors", () => {
    expect(toSourceError(sdkError("ThrottlingException", "Rate exceeded"), { source: "aws" }).hint).toMatch(
      /2 requests per second/,
    );
    expect(toSourceError(sdkError("InvalidTimeRangeException", "bad"), { source: "aws" }).code).toBe(
      "InvalidTimeRangeException",
    );
  });

  it("keeps a SourceFailure's own error and never echoes more than a line of an upstream message", () => {
    const own = { code: "X", message: "m", hint: "h" };
    expect(toSourceError(new SourceFailure(own))).toBe(own);
    const e = toSourceError(sdkError("InternalFailure", `first line\n${"x".repeat(5000)}`));
    expect(e.message).toMatch(/first line$/);
    expect(toSourceError("weird").code).toBe("UnknownError");
  });
});
