import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { parseCsv } from "@/test/support/parse-csv";
import {
  CSV_COLUMNS,
  CSV_INCOMPLETE_PREFIX,
  csvEventLine,
  csvHeaderLine,
  csvIncompleteLine,
  neutralizeCell,
  quoteCell,
} from "./csv";
import { countCsvRecords } from "./record-counter";

describe("neutralizeCell", () => {
  it.each(["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tfoo", "\rbar", '=HYPERLINK("http://x")'])(
    "prefixes a single quote to %j",
    (value) => {
      expect(neutralizeCell(value)).toBe(`'${value}`);
    },
  );

  it.each(["alice", "203.0.113.7", "1-2", "a=b", "", " =still text", "'quoted"])(
    "leaves %j alone",
    (value) => {
      expect(neutralizeCell(value)).toBe(value);
    },
  );
});

describe("quoteCell", () => {
  it("quotes fields with commas, quotes or line breaks and doubles the quotes", () => {
    expect(quoteCell("a,b")).toBe('"a,b"');
    expect(quoteCell('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCell("two\nlines")).toBe('"two\nlines"');
    expect(quoteCell("cr\rhere")).toBe('"cr\rhere"');
    expect(quoteCell("plain")).toBe("plain");
  });
});

describe("CSV lines", () => {
  it("writes a header naming every column and one record per event that round-trips", () => {
    const hostile = makeAuditEvent({
      userAgent: '=cmd|" /C calc"!A0, "quoted",\r\nnext line',
      errorMessage: "-1+2",
      errorCode: "AccessDenied",
      username: "@evil",
      resources: [
        { type: "AWS::S3::Bucket", name: "logs,2026" },
        { type: null, name: "i-0abc" },
      ],
    });
    const text = csvHeaderLine() + csvEventLine(hostile) + csvEventLine(makeAuditEvent());
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.header));
    const header = rows[0] ?? [];
    const record = Object.fromEntries(header.map((h, i) => [h, rows[1]?.[i]]));
    expect(record.userAgent).toBe(`'=cmd|" /C calc"!A0, "quoted",\r\nnext line`);
    expect(record.errorMessage).toBe("'-1+2");
    expect(record.username).toBe("'@evil");
    expect(record.resources).toBe("AWS::S3::Bucket:logs,2026; i-0abc");
    expect(record.eventTime).toBe("2026-11-25T10:00:00Z");
    expect(record.readOnly).toBe("false");
    expect(rows[2]?.length).toBe(CSV_COLUMNS.length);
    expect(countCsvRecords(text)).toBe(3);
  });

  it("writes empty cells for missing values", () => {
    const rows = parseCsv(
      csvHeaderLine() + csvEventLine(makeAuditEvent({ sourceIPAddress: null, errorCode: null })),
    );
    const header = rows[0] ?? [];
    expect(rows[1]?.[header.indexOf("sourceIPAddress")]).toBe("");
    expect(rows[1]?.[header.indexOf("errorCode")]).toBe("");
  });

  it("ends an incomplete export with one unquoted comment record", () => {
    const line = csvIncompleteLine('2 events written; us-west-2: Throttling, "x"\nmore');
    expect(line.startsWith(CSV_INCOMPLETE_PREFIX)).toBe(true);
    expect(parseCsv(line)).toEqual([[line.slice(0, -2)]]);
  });
});
