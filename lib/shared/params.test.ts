import { describe, expect, it } from "vitest";
import { z } from "zod";
import { accountIdSchema, commaList, regionSchema } from "./aws-names";
import { issuePath, parseParams } from "./params";

const schema = z
  .object({
    name: z.string().min(1),
    region: commaList(regionSchema, { noun: "region", max: 2 }).optional(),
    account: accountIdSchema.optional(),
  })
  .strict();

const parse = (query: string, ignore?: ReadonlySet<string>) =>
  parseParams(new URLSearchParams(query), schema, { ignore });

describe("parseParams", () => {
  it("reads known parameters through the schema", () => {
    expect(parse("name=x&region=us-east-1,%20eu-west-1&account=111122223333")).toEqual({
      ok: true,
      value: { name: "x", region: ["us-east-1", "eu-west-1"], account: "111122223333" },
    });
  });

  it("refuses a repeated parameter instead of keeping one copy", () => {
    expect(parse("name=a&name=b")).toEqual({
      ok: false,
      issues: [{ param: "name", message: "is given more than once" }],
    });
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "calls %s=x an unknown parameter, not a repeat found on a prototype",
    (key) => {
      expect(parse(`name=a&${key}=x`)).toEqual({
        ok: false,
        issues: [{ param: key, message: "is not a parameter here" }],
      });
    },
  );

  it("says a missing required parameter is required, and names each bad one", () => {
    const result = parse("region=mars-1&account=12");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual(
        expect.arrayContaining([
          { param: "name", message: "is required" },
          { param: "region", message: "is not an AWS region name" },
          { param: "account", message: "is not a 12-digit account ID" },
        ]),
      );
    }
  });

  it("leaves ignored parameters to their own parser but still refuses their repeats", () => {
    expect(parse("name=a&sort=x", new Set(["sort"]))).toEqual({ ok: true, value: { name: "a" } });
    expect(parse("name=a&sort=x&sort=y", new Set(["sort"]))).toEqual({
      ok: false,
      issues: [{ param: "sort", message: "is given more than once" }],
    });
  });

  it("bounds comma lists", () => {
    const result = parse("name=a&region=us-east-1,us-west-2,eu-west-1");
    expect(!result.ok && result.issues).toEqual([
      { param: "region", message: "must list at most 2 regions" },
    ]);
    const empty = parse("name=a&region=,");
    expect(!empty.ok && empty.issues).toEqual([
      { param: "region", message: "must list at least one region" },
    ]);
  });
});

describe("issuePath", () => {
  it("writes a nested document path", () => {
    expect(issuePath(["accounts", 0, "regions", 1])).toBe("accounts[0].regions[1]");
  });
});
