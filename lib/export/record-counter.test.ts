import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import { csvEventLine, csvHeaderLine } from "./csv";
import { createRecordCounter } from "./record-counter";

describe("createRecordCounter", () => {
  const text =
    csvHeaderLine() +
    csvEventLine(makeAuditEvent({ userAgent: 'multi\nline "quoted",\r\nagent' })) +
    csvEventLine(makeAuditEvent({ errorMessage: '""\n' })) +
    csvEventLine(makeAuditEvent());

  it("counts CSV records, not the line breaks inside quoted fields, however the text is split", () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const counter = createRecordCounter("csv");
      for (let i = 0; i < text.length; i += size) counter.push(text.slice(i, i + size));
      expect(counter.records).toBe(4);
    }
  });

  it("counts every line of NDJSON", () => {
    const counter = createRecordCounter("ndjson");
    counter.push('{"a":"x\\ny"}\n{"b"');
    expect(counter.records).toBe(1);
    counter.push(":1}\n");
    expect(counter.records).toBe(2);
  });
});
