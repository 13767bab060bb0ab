import { describe, expect, it } from "vitest";
import { Prng } from "@/emulator/dataset/prng";
import {
  addInterval,
  coveredIntervals,
  isCovered,
  normalizeIntervals,
  readCoverage,
  recordCoverage,
  uncoveredIntervals,
  type Interval,
} from "./coverage";
import { openMemoryStore } from "../../test/support/store-dataset-events";

/** The oracle: the set of whole milliseconds an interval list holds, on a small domain. */
const DOMAIN = 24;
function points(intervals: readonly Interval[]): Set<number> {
  const set = new Set<number>();
  for (const { start, end } of intervals) for (let t = start; t <= end; t++) set.add(t);
  return set;
}
function intervalsOf(set: Set<number>): Interval[] {
  const out: Interval[] = [];
  for (let t = 0; t <= DOMAIN; t++) {
    if (!set.has(t)) continue;
    const last = out[out.length - 1];
    if (last && last.end === t - 1) last.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}
function randomIntervals(rng: Prng, n: number): Interval[] {
  return Array.from({ length: n }, () => {
    const start = rng.int(0, DOMAIN);
    return { start, end: rng.int(start, Math.min(DOMAIN, start + 6)) };
  });
}

describe("interval arithmetic", () => {
  it("normalizes, adds and subtracts exactly like sets of milliseconds (2,000 random cases)", () => {
    const rng = new Prng(11);
    for (let round = 0; round < 2000; round++) {
      const covered = randomIntervals(rng, rng.int(0, 5));
      const [window] = randomIntervals(rng, 1) as [Interval];
      const added = randomIntervals(rng, 1)[0]!;
      const held = points(covered);
      const windowPoints = [...points([window])];

      expect(normalizeIntervals(covered)).toEqual(intervalsOf(held));
      expect(addInterval(covered, added)).toEqual(intervalsOf(points([...covered, added])));
      expect(uncoveredIntervals(covered, window)).toEqual(
        intervalsOf(new Set(windowPoints.filter((t) => !held.has(t)))),
      );
      expect(coveredIntervals(covered, window)).toEqual(
        intervalsOf(new Set(windowPoints.filter((t) => held.has(t)))),
      );
      expect(isCovered(covered, window)).toBe(windowPoints.every((t) => held.has(t)));
    }
  });

  it("merges adjacent whole milliseconds but keeps a one-millisecond gap", () => {
    expect(
      normalizeIntervals([
        { start: 6, end: 10 },
        { start: 0, end: 5 },
      ]),
    ).toEqual([{ start: 0, end: 10 }]);
    expect(
      normalizeIntervals([
        { start: 0, end: 5 },
        { start: 7, end: 10 },
      ]),
    ).toEqual([
      { start: 0, end: 5 },
      { start: 7, end: 10 },
    ]);
    expect(
      uncoveredIntervals(
        [
          { start: 0, end: 5 },
          { start: 7, end: 10 },
        ],
        { start: 0, end: 10 },
      ),
    ).toEqual([{ start: 6, end: 6 }]);
  });

  it("answers the whole window when nothing is covered, and nothing when all is", () => {
    expect(uncoveredIntervals([], { start: 3, end: 9 })).toEqual([{ start: 3, end: 9 }]);
    expect(uncoveredIntervals([{ start: 0, end: 20 }], { start: 3, end: 9 })).toEqual([]);
  });

  it("refuses reversed or fractional intervals instead of covering nonsense", () => {
    expect(() => addInterval([], { start: 5, end: 4 })).toThrow(RangeError);
    expect(() => uncoveredIntervals([], { start: 0.5, end: 4 })).toThrow(RangeError);
    expect(() => normalizeIntervals([{ start: Number.NaN, end: 4 }])).toThrow(RangeError);
  });
});

describe("coverage persistence", () => {
  it("keeps each source's intervals merged and separate from other sources", async () => {
    const store = await openMemoryStore();
    const a = { origin: "history", account: "111111111111", region: "us-east-1" } as const;
    const b = { ...a, region: "eu-west-1" } as const;
    const archive = { ...a, origin: "archive" } as const;
    await store.write((c) => recordCoverage(c, a, { start: 100, end: 200 }));
    await store.write((c) => recordCoverage(c, a, { start: 201, end: 300 }));
    await store.write((c) => recordCoverage(c, a, { start: 500, end: 600 }));
    await store.write((c) => recordCoverage(c, b, { start: 0, end: 50 }));
    expect(await store.read((c) => readCoverage(c, a))).toEqual([
      { start: 100, end: 300 },
      { start: 500, end: 600 },
    ]);
    expect(await store.read((c) => readCoverage(c, b))).toEqual([{ start: 0, end: 50 }]);
    expect(await store.read((c) => readCoverage(c, archive))).toEqual([]);
    await store.close();
  });
});
