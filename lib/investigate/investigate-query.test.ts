import { describe, expect, it } from "vitest";
import { HISTORY_MS } from "@/lib/query/event-query";
import { parseInvestigateQuery } from "./investigate-query";

const now = new Date("2026-11-25T12:00:00Z");
const parse = (q: string) => parseInvestigateQuery(new URLSearchParams(q), now);

describe("parseInvestigateQuery", () => {
  it("defaults to every region and account and the full 90 days", () => {
    const r = parse("resource=orders");
    expect(r).toEqual({
      ok: true,
      query: {
        resource: "orders",
        regions: undefined,
        accounts: undefined,
        start: new Date(now.getTime() - HISTORY_MS),
        end: now,
      },
    });
  });

  it("takes region and account lists, a preset or absolute bounds", () => {
    const r = parse(
      "resource=arn:aws:iam::111122223333:role/x&region=us-east-1,eu-west-1&account=111122223333&range=7d",
    );
    expect(r.ok && r.query.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(r.ok && r.query.accounts).toEqual(["111122223333"]);
    expect(r.ok && now.getTime() - r.query.start.getTime()).toBe(7 * 86_400_000);
    const abs = parse("resource=x&start=2026-11-01T00:00:00Z&end=2026-11-02T00:00:00Z");
    expect(abs.ok && abs.query.start.toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it.each([
    ["", "resource"],
    ["resource=", "resource"],
    ["resource=x&region=mars-1", "region"],
    ["resource=x&account=12", "account"],
    ["resource=x&range=2y", "range"],
    ["resource=x&start=yesterday", "start"],
    ["resource=x&start=2026-11-02T00:00:00Z&end=2026-11-01T00:00:00Z", "start"],
    ["resource=x&range=7d&start=2026-11-01T00:00:00Z", "range"],
    ["resource=x&resource=y", "resource"],
    ["resource=x&limit=5", "limit"],
    [`resource=${"a".repeat(2001)}`, "resource"],
  ])("rejects %s naming %s", (q, param) => {
    const r = parse(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.param)).toContain(param);
  });
});
