import { describe, expect, it } from "vitest";
import { parseEventQuery } from "./event-query";
import { historyIssues } from "./history-issues";

const now = new Date("2026-11-25T12:00:00Z");

function query(params: string) {
  const parsed = parseEventQuery(new URLSearchParams(params), now);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.query;
}

describe("historyIssues", () => {
  const old = "start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z";

  it("refuses a start older than Event history's 90 days", () => {
    expect(historyIssues(query(old), now).map((i) => i.param)).toEqual(["start"]);
    expect(historyIssues(query("range=90d"), now)).toEqual([]);
  });

  it("lets the trail archive and downloaded log files reach further back", () => {
    expect(historyIssues(query(`${old}&source=archive`), now)).toEqual([]);
    expect(historyIssues(query(old), now, { retention90Days: false })).toEqual([]);
  });

  it("refuses a source IP filter it cannot parse", () => {
    expect(historyIssues(query("sourceIp=2001:db8::/129"), now).map((i) => i.param)).toEqual(["sourceIp"]);
  });
});
