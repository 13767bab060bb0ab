import { describe, expect, it } from "vitest";
import type { SourceStatus } from "@/lib/events/api-contract";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { parseEventQuery } from "@/lib/query/event-query";
import {
  exportEncoder,
  exportFileName,
  incompleteReason,
  parseExportFormat,
  type ExportFormat,
  type ExportSummary,
} from "./export-format";
import { readExportVerdict } from "./read-summary";

const head = {
  plan: {
    lookup: { param: "eventSource" as const, key: "EventSource", value: "ec2.amazonaws.com" },
    serverFilters: ["errors"],
  },
  window: { start: "2026-11-25T00:00:00.000Z", end: "2026-11-25T12:00:00.000Z" },
};
const source = (state: SourceStatus["state"], region: string, code?: string): SourceStatus => ({
  accountId: "111122223333",
  accountName: "prod",
  region,
  state,
  pages: 1,
  events: 2,
  ...(code ? { error: { code, message: "m", hint: "h" } } : {}),
});
const complete: ExportSummary = {
  rows: 2,
  complete: true,
  truncated: false,
  limit: 500,
  apiCalls: 3,
  sources: [source("done", "us-east-1")],
  error: null,
};
const failed: ExportSummary = {
  ...complete,
  complete: false,
  sources: [source("done", "us-east-1"), source("failed", "us-west-2", "ThrottlingException")],
};
const events = [makeAuditEvent({ eventId: "a" }), makeAuditEvent({ eventId: "b", userAgent: "line\nbreak" })];

function render(format: ExportFormat, summary: ExportSummary): string {
  const encoder = exportEncoder(format);
  return encoder.head(head) + events.map((e, i) => encoder.event(e, i)).join("") + encoder.tail(summary);
}

describe("incompleteReason", () => {
  it("is null for a complete export and names failed sources and the limit otherwise", () => {
    expect(incompleteReason(complete)).toBeNull();
    expect(incompleteReason(failed)).toBe("2 events written; prod us-west-2: ThrottlingException");
    expect(incompleteReason({ ...complete, complete: false, truncated: true })).toMatch(
      /^2 events written; stopped at the limit of 500 events while more match/,
    );
    expect(incompleteReason({ ...complete, error: "upstream closed" })).toBe(
      "2 events written; the export stopped: upstream closed",
    );
  });
});

describe("JSON export", () => {
  it("is one valid document: the events, then whether it is complete", () => {
    const doc = JSON.parse(render("json", failed)) as Record<string, unknown>;
    expect(doc.window).toEqual(head.window);
    expect(doc.plan).toEqual(head.plan);
    expect((doc.events as { eventId: string }[]).map((e) => e.eventId)).toEqual(["a", "b"]);
    expect(doc).toMatchObject({
      rows: 2,
      complete: false,
      incompleteReason: expect.stringContaining("us-west-2"),
    });
  });

  it("is valid with no events", () => {
    const encoder = exportEncoder("json");
    const doc = JSON.parse(encoder.head(head) + encoder.tail({ ...complete, rows: 0 })) as {
      events: unknown[];
    };
    expect(doc.events).toEqual([]);
  });
});

describe("NDJSON export", () => {
  it("has one event per line and a summary line last", () => {
    const lines = render("ndjson", complete).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[1] ?? "") as { eventId: string }).eventId).toBe("b");
    expect(JSON.parse(lines[2] ?? "")).toMatchObject({
      exportSummary: { rows: 2, complete: true, incompleteReason: null },
    });
  });
});

describe("CSV export", () => {
  it("adds the incomplete line only when something is missing", () => {
    expect(render("csv", complete)).not.toContain("INCOMPLETE");
    expect(render("csv", failed).trimEnd().split("\r\n").pop()).toBe(
      "# trailscope: INCOMPLETE EXPORT - 2 events written; prod us-west-2: ThrottlingException",
    );
  });
});

describe("readExportVerdict", () => {
  it.each(["csv", "json", "ndjson"] as const)("reads %s exports back", (format) => {
    expect(readExportVerdict(format, render(format, complete))).toMatchObject({ state: "complete" });
    expect(readExportVerdict(format, render(format, failed))).toMatchObject({
      state: "incomplete",
      reason: "2 events written; prod us-west-2: ThrottlingException",
    });
  });

  it("reports JSON and NDJSON downloads that end before their summary as cut off", () => {
    const json = render("json", complete);
    expect(readExportVerdict("json", json.slice(0, json.indexOf("\n],")))).toEqual({ state: "cut-off" });
    const ndjson = render("ndjson", complete).trimEnd();
    expect(readExportVerdict("ndjson", ndjson.slice(0, ndjson.lastIndexOf("\n")))).toEqual({
      state: "cut-off",
    });
  });

  it("gives the row count JSON reports", () => {
    expect(readExportVerdict("json", render("json", complete))).toEqual({ state: "complete", rows: 2 });
  });
});

describe("parseExportFormat", () => {
  it("defaults to CSV, accepts the three formats and names the parameter otherwise", () => {
    expect(parseExportFormat(undefined)).toEqual({ ok: true, format: "csv" });
    expect(parseExportFormat("ndjson")).toEqual({ ok: true, format: "ndjson" });
    expect(parseExportFormat("xlsx")).toEqual({
      ok: false,
      issue: { param: "format", message: "must be one of csv, json, ndjson" },
    });
    // A repeated format is the query parser's to refuse, with every other repeated parameter.
    expect(parseEventQuery(new URLSearchParams("format=csv&format=json"))).toEqual({
      ok: false,
      issues: [{ param: "format", message: "is given more than once" }],
    });
  });
});

describe("exportFileName", () => {
  it("puts the window in the name", () => {
    expect(
      exportFileName({ start: "2026-11-25T10:00:00.000Z", end: "2026-11-25T11:30:15.123Z" }, "csv"),
    ).toBe("trailscope-events-20261125T100000Z-20261125T113015Z.csv");
  });
});
