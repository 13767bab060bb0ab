import { describe, expect, it } from "vitest";
import { parseEventQuery, type EventQuery } from "./event-query";
import { LOOKUP_PRIORITY, planQuery } from "./planner";

const now = new Date("2026-11-25T12:00:00Z");
function query(params: Record<string, string>): EventQuery {
  const parsed = parseEventQuery(new URLSearchParams(params), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

const VALUES: Record<string, string> = {
  eventId: "0f8c2a7e-6f0d-4c55-9b8a-2d1e3f4a5b6c",
  accessKeyId: "AKIAEXAMPLE",
  resourceName: "i-0abc",
  username: "alice",
  eventName: "RunInstances",
  eventSource: "ec2.amazonaws.com",
  resourceType: "AWS::EC2::Instance",
  readOnly: "true",
};

describe("planQuery", () => {
  it("uses the default read-only=false filter as the lookup when nothing else is given", () => {
    expect(planQuery(query({}))).toEqual({
      lookup: { param: "readOnly", key: "ReadOnly", value: "false" },
      serverFilters: [],
    });
    expect(planQuery(query({ readOnly: "all" }))).toEqual({ lookup: null, serverFilters: [] });
  });

  it("sends the most selective of every combination of lookup filters and applies the others on the server", () => {
    const params = Object.keys(VALUES);
    for (let mask = 1; mask < 1 << params.length; mask++) {
      const chosen = params.filter((_, i) => mask & (1 << i));
      const q = query({ readOnly: "all", ...Object.fromEntries(chosen.map((p) => [p, VALUES[p]!])) });
      const expected = LOOKUP_PRIORITY.find((p) => chosen.includes(p))!;
      const plan = planQuery(q);
      expect(plan.lookup?.param).toBe(expected);
      expect(plan.lookup?.value).toBe(VALUES[expected]);
      expect(plan.serverFilters.sort()).toEqual(chosen.filter((p) => p !== expected).sort());
    }
  });

  it("lists the non-lookup filters as server filters", () => {
    const plan = planQuery(
      query({
        username: "alice",
        errors: "only",
        errorCode: "AccessDenied",
        sourceIp: "10.0.0.0/8",
        client: "cli",
        identityType: "IAMUser",
        q: "bucket",
      }),
    );
    expect(plan.lookup).toEqual({ param: "username", key: "Username", value: "alice" });
    expect(plan.serverFilters).toEqual([
      "readOnly",
      "errors",
      "errorCode",
      "sourceIp",
      "client",
      "identityType",
      "q",
    ]);
  });
});
