import { describe, expect, it } from "vitest";
import { parseEventQuery } from "@/lib/query/event-query";
import { matchesQuery } from "@/lib/query/matcher";
import { planQuery } from "@/lib/query/planner";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { BUILT_IN_VIEWS } from "./built-in-views";

const now = new Date("2026-11-25T12:00:00Z");

function plan(id: string) {
  const view = BUILT_IN_VIEWS.find((v) => v.id === id);
  const parsed = parseEventQuery(new URLSearchParams(view?.query), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { query: parsed.query, plan: planQuery(parsed.query) };
}

describe("built-in views", () => {
  it("are all valid queries with unique ids", () => {
    for (const view of BUILT_IN_VIEWS) {
      expect(parseEventQuery(new URLSearchParams(view.query), now)).toMatchObject({ ok: true });
    }
    expect(new Set(BUILT_IN_VIEWS.map((v) => v.id)).size).toBe(BUILT_IN_VIEWS.length);
  });

  it("send their most selective filter to LookupEvents", () => {
    expect(plan("console-sign-ins").plan).toEqual({
      lookup: { param: "eventName", key: "EventName", value: "ConsoleLogin" },
      serverFilters: [],
    });
    expect(plan("iam-changes").plan.lookup).toMatchObject({ key: "EventSource", value: "iam.amazonaws.com" });
    expect(plan("security-group-changes").plan).toEqual({
      lookup: { param: "resourceType", key: "ResourceType", value: "AWS::EC2::SecurityGroup" },
      serverFilters: ["readOnly", "q"],
    });
    expect(plan("deletions-24h").plan).toEqual({
      lookup: { param: "readOnly", key: "ReadOnly", value: "false" },
      serverFilters: ["kind"],
    });
  });

  it("limit deletions to the last day", () => {
    const { query } = plan("deletions-24h");
    expect(query.end.getTime() - query.start.getTime()).toBe(24 * 60 * 60_000);
    expect(query.kind).toEqual(["deleted"]);
  });

  it("keep only delete-type calls in the deletions view", () => {
    const { query } = plan("deletions-24h");
    const kept = [
      makeAuditEvent({ eventSource: "s3.amazonaws.com", eventName: "DeleteBucket" }),
      makeAuditEvent({ eventSource: "ec2.amazonaws.com", eventName: "TerminateInstances" }),
      makeAuditEvent({ eventSource: "ec2.amazonaws.com", eventName: "ReleaseAddress" }),
    ];
    const dropped = [
      makeAuditEvent({ eventSource: "s3.amazonaws.com", eventName: "CreateBucket" }),
      makeAuditEvent({ eventSource: "s3.amazonaws.com", eventName: "DeleteBucketPolicy" }),
      makeAuditEvent({ eventSource: "ec2.amazonaws.com", eventName: "RevokeSecurityGroupIngress" }),
    ];
    for (const e of kept) expect(matchesQuery(e, query)).toBe(true);
    for (const e of dropped) expect(matchesQuery(e, query)).toBe(false);
  });

  it("count every service's permission refusal as access denied", () => {
    const { query } = plan("access-denied");
    for (const code of ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation"]) {
      expect(matchesQuery(makeAuditEvent({ errorCode: code, readOnly: true }), query)).toBe(true);
    }
    expect(matchesQuery(makeAuditEvent({ errorCode: "ThrottlingException" }), query)).toBe(false);
    expect(matchesQuery(makeAuditEvent({ errorCode: null }), query)).toBe(false);
  });
});
