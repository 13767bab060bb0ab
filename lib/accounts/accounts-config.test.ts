import { describe, expect, it } from "vitest";
import { parseAccountsFile, parseAccountsSetting } from "./accounts-config";

describe("trailscope.config.json", () => {
  it("reads profiles, roles with external IDs and per-account regions", () => {
    const accounts = parseAccountsFile(
      JSON.stringify({
        accounts: [
          { id: "111122223333", name: "management", profile: "mgmt-sso" },
          {
            id: "444455556666",
            name: "prod",
            roleArn: "arn:aws:iam::444455556666:role/TrailscopeReadOnly",
            externalId: "trailscope-prod",
            baseProfile: "mgmt-sso",
            regions: ["us-east-1", "eu-west-1"],
          },
          { id: "777788889999" },
        ],
      }),
      "trailscope.config.json",
    );
    expect(accounts).toEqual([
      { id: "111122223333", name: "management", credentials: { profile: "mgmt-sso" } },
      {
        id: "444455556666",
        name: "prod",
        regions: ["us-east-1", "eu-west-1"],
        credentials: {
          roleArn: "arn:aws:iam::444455556666:role/TrailscopeReadOnly",
          externalId: "trailscope-prod",
          baseProfile: "mgmt-sso",
        },
      },
      { id: "777788889999", name: "777788889999", credentials: {} },
    ]);
  });

  it.each([
    [{ accounts: [{ id: "12345" }] }, /accounts\[0\]\.id: is not a 12-digit account ID/],
    [{ accounts: [{ id: "111122223333", rolearn: "x" }] }, /accounts\[0\]: unknown field rolearn/],
    [
      { accounts: [{ id: "111122223333", roleArn: "arn:aws:iam::111122223333:user/bob" }] },
      /accounts\[0\]\.roleArn: must be an IAM role ARN/,
    ],
    [
      { accounts: [{ id: "111122223333", roleArn: "arn:aws:iam::444455556666:role/R" }] },
      /accounts\[0\]\.roleArn: is a role in account 444455556666, not in account 111122223333/,
    ],
    [
      { accounts: [{ id: "111122223333", profile: "p", roleArn: "arn:aws:iam::111122223333:role/R" }] },
      /accounts\[0\]\.profile: give either profile or roleArn/,
    ],
    [
      { accounts: [{ id: "111122223333", externalId: "abc" }] },
      /accounts\[0\]\.externalId: only applies with roleArn/,
    ],
    [
      { accounts: [{ id: "111122223333", regions: ["mars-1"] }] },
      /accounts\[0\]\.regions\[0\]: is not an AWS region name/,
    ],
    [{ accounts: [] }, /accounts: must list at least one account/],
    [{ accounts: [{ id: "111122223333" }, { id: "111122223333" }] }, /account 111122223333 is listed twice/],
  ])("names the bad field: %j", (config, message) => {
    expect(() => parseAccountsFile(JSON.stringify(config), "trailscope.config.json")).toThrow(message);
  });

  it("reports a file that is not JSON", () => {
    expect(() => parseAccountsFile("{accounts: []", "my.json")).toThrow(/^my\.json: not valid JSON/);
  });
});

describe("TRAILSCOPE_ACCOUNTS", () => {
  it("takes the compact id:name:profile form", () => {
    expect(parseAccountsSetting("111122223333:management:mgmt-sso, 444455556666:prod,777788889999")).toEqual([
      { id: "111122223333", name: "management", credentials: { profile: "mgmt-sso" } },
      { id: "444455556666", name: "prod", credentials: {} },
      { id: "777788889999", name: "777788889999", credentials: {} },
    ]);
  });

  it("takes JSON, as an array or as the file's object", () => {
    const entry = { id: "444455556666", name: "prod", roleArn: "arn:aws:iam::444455556666:role/R" };
    expect(parseAccountsSetting(JSON.stringify([entry]))).toEqual(
      parseAccountsSetting(JSON.stringify({ accounts: [entry] })),
    );
  });

  it("names the bad entry", () => {
    expect(() => parseAccountsSetting("111122223333:a:b:c")).toThrow(/too many parts/);
    expect(() => parseAccountsSetting("11112222333x:prod")).toThrow(
      /TRAILSCOPE_ACCOUNTS: accounts\[0\]\.id: is not a 12-digit/,
    );
  });
});
