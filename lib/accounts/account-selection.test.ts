import { describe, expect, it } from "vitest";
import {
  accountOptions,
  isAllAccounts,
  readsSeveralAccounts,
  selectionSummary,
  toggleAccount,
} from "./account-selection";

const accounts = [
  { id: "111122223333", name: "management" },
  { id: "444455556666", name: "prod" },
  { id: "777788889999", name: "dev" },
];

describe("the account selection in the URL", () => {
  it("treats no parameter and `all` as every account", () => {
    expect(isAllAccounts(null, accounts)).toBe(true);
    expect(isAllAccounts("all", accounts)).toBe(true);
    expect(isAllAccounts("444455556666", accounts)).toBe(false);
    expect(selectionSummary(null, accounts)).toBe("All accounts (3)");
  });

  it("unchecking from all lists the others in configured order; checking the last one back gives `all`", () => {
    const noManagement = toggleAccount(null, accounts, "111122223333");
    expect(noManagement).toBe("444455556666,777788889999");
    expect(selectionSummary(noManagement, accounts)).toBe("2 accounts: prod, dev");
    expect(toggleAccount(noManagement, accounts, "777788889999")).toBe("444455556666");
    expect(selectionSummary("444455556666", accounts)).toBe("prod (444455556666)");
    expect(toggleAccount(noManagement, accounts, "111122223333")).toBe("all");
  });

  it("never leaves no account selected", () => {
    expect(toggleAccount("444455556666", accounts, "444455556666")).toBeNull();
  });

  it("keeps an ID the list does not know visible, so it can be removed", () => {
    const options = accountOptions("123456789012,444455556666", accounts);
    expect(options.map((o) => o.id)).toContain("123456789012");
    expect(isAllAccounts("123456789012,444455556666", options)).toBe(false);
    expect(toggleAccount("123456789012,444455556666", options, "123456789012")).toBe("444455556666");
  });

  it("shows rows' accounts when several can appear", () => {
    expect(readsSeveralAccounts(null, 3)).toBe(true);
    expect(readsSeveralAccounts(null, 1)).toBe(false);
    expect(readsSeveralAccounts("all", 3)).toBe(true);
    expect(readsSeveralAccounts("444455556666", 3)).toBe(false);
    expect(readsSeveralAccounts("444455556666,777788889999", 3)).toBe(true);
  });
});
