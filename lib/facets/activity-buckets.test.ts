import { describe, expect, it } from "vitest";
import { makeAuditEvent } from "@/test/support/make-audit-event";
import {
  BUCKET_INTERVALS,
  bucketCounts,
  bucketEvents,
  brushWindow,
  chooseInterval,
  formatInterval,
} from "./activity-buckets";

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

describe("chooseInterval", () => {
  it("picks the smallest round interval that keeps the bars within the limit", () => {
    expect(chooseInterval(15 * MIN)).toBe(MIN);
    expect(chooseInterval(HOUR)).toBe(MIN);
    expect(chooseInterval(3 * HOUR)).toBe(5 * MIN);
    expect(chooseInterval(12 * HOUR)).toBe(10 * MIN);
    expect(chooseInterval(24 * HOUR)).toBe(15 * MIN);
    expect(chooseInterval(7 * 24 * HOUR)).toBe(3 * HOUR);
    expect(chooseInterval(30 * 24 * HOUR)).toBe(6 * HOUR);
    expect(chooseInterval(90 * 24 * HOUR)).toBe(24 * HOUR);
  });

  it("never gives more bars than the limit for any window up to 90 days", () => {
    for (let w = MIN; w <= 90 * 24 * HOUR; w *= 1.7) expect(w / chooseInterval(w)).toBeLessThanOrEqual(120);
  });

  it("falls back to the largest interval for very long windows", () => {
    expect(chooseInterval(10_000 * 24 * HOUR)).toBe(BUCKET_INTERVALS[BUCKET_INTERVALS.length - 1]);
  });

  it("names intervals", () => {
    expect(formatInterval(MIN)).toBe("1 minute");
    expect(formatInterval(15 * MIN)).toBe("15 minutes");
    expect(formatInterval(3 * HOUR)).toBe("3 hours");
    expect(formatInterval(24 * HOUR)).toBe("1 day");
  });
});

describe("bucketEvents", () => {
  const window = { start: at("2026-11-25T10:07:00Z"), end: at("2026-11-25T11:07:00Z") };
  const events = [
    makeAuditEvent({ eventTime: "2026-11-25T10:07:00Z", readOnly: true }),
    makeAuditEvent({ eventTime: "2026-11-25T10:09:59Z", readOnly: false, errorCode: "AccessDenied" }),
    makeAuditEvent({ eventTime: "2026-11-25T10:10:00Z", readOnly: false }),
    makeAuditEvent({ eventTime: "2026-11-25T11:07:00Z", readOnly: true }),
    makeAuditEvent({ eventTime: "2026-11-25T09:00:00Z", readOnly: true }),
    makeAuditEvent({ eventTime: "not a date", readOnly: true }),
  ];

  it("aligns buckets to round times and counts reads, writes and errors in each", () => {
    const b = bucketEvents(events, window, 5 * MIN);
    expect(b.domainStart).toBe(at("2026-11-25T10:05:00Z"));
    expect(b.buckets[0]).toMatchObject({
      start: at("2026-11-25T10:05:00Z"),
      total: 2,
      reads: 1,
      writes: 1,
      errors: 1,
    });
    expect(b.buckets[1]).toMatchObject({
      start: at("2026-11-25T10:10:00Z"),
      total: 1,
      reads: 0,
      writes: 1,
      errors: 0,
    });
    const last = b.buckets[b.buckets.length - 1];
    expect(last).toMatchObject({ start: at("2026-11-25T11:05:00Z"), end: window.end, total: 1, reads: 1 });
    expect(b.buckets).toHaveLength(13);
  });

  it("leaves out events outside the window or without a valid time, and sums to what it counted", () => {
    const b = bucketEvents(events, window, 5 * MIN);
    expect(b.counted).toBe(4);
    expect(b.buckets.reduce((s, x) => s + x.total, 0)).toBe(4);
    expect(b.buckets.every((x) => x.reads + x.writes === x.total)).toBe(true);
    expect(b.maxTotal).toBe(2);
  });

  it("chooses the interval from the window when none is given", () => {
    expect(bucketEvents([], window).interval).toBe(MIN);
    expect(bucketEvents([], window).maxTotal).toBe(0);
  });
});

describe("brushWindow", () => {
  const domain = { start: at("2026-11-25T10:00:00Z"), end: at("2026-11-25T12:00:00Z") };

  it("maps fractions of the width to times, in either drag direction", () => {
    const w = { start: new Date("2026-11-25T10:30:00Z"), end: new Date("2026-11-25T11:00:00Z") };
    expect(brushWindow(0.25, 0.5, domain)).toEqual(w);
    expect(brushWindow(0.5, 0.25, domain)).toEqual(w);
  });

  it("clamps a drag that leaves the chart to its edges", () => {
    expect(brushWindow(-0.3, 1.4, domain)).toEqual({
      start: new Date(domain.start),
      end: new Date(domain.end),
    });
  });

  it("rounds outwards to whole seconds", () => {
    const r = brushWindow(0.1234567, 0.7654321, domain);
    expect(r?.start.getUTCMilliseconds()).toBe(0);
    expect(r?.end.getUTCMilliseconds()).toBe(0);
    expect(r && r.start.getTime() <= domain.start + 0.1234567 * 2 * HOUR).toBe(true);
    expect(r && r.end.getTime() >= domain.start + 0.7654321 * 2 * HOUR).toBe(true);
  });

  it("treats a span under a minute as a click", () => {
    expect(brushWindow(0.5, 0.5, domain)).toBeNull();
    expect(brushWindow(0.5, 0.5 + 0.5 / 120, domain)).toBeNull();
  });
});

describe("bucketCounts", () => {
  it("draws counts made elsewhere (the store's GROUP BY) as the same bars bucketEvents draws", () => {
    const window = { start: at("2026-05-01T00:07:00Z"), end: at("2026-05-01T05:55:00Z") };
    const events = Array.from({ length: 300 }, (_, i) =>
      makeAuditEvent({
        eventTime: new Date(window.start + ((i * 7919) % (window.end - window.start))).toISOString(),
        readOnly: i % 3 === 0,
        errorCode: i % 5 === 0 ? "AccessDenied" : null,
      }),
    );
    const expected = bucketEvents(events, window);
    const counts = expected.buckets
      .filter((b) => b.total > 0)
      .map(({ start, reads, writes, errors }) => ({ start, reads, writes, errors }));
    expect(bucketCounts(counts, window, expected.interval)).toEqual(expected);
    expect(bucketCounts([], window, expected.interval).counted).toBe(0);
  });
});
