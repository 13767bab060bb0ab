import { describe, expect, it } from "vitest";
import { fitColumnWidths, type ColumnWidthSpec } from "./fit-columns";

const spec = (id: string, size: number, minSize = 50, maxSize = 800): ColumnWidthSpec => ({
  id,
  size,
  minSize,
  maxSize,
});
const total = (widths: Record<string, number>) => Object.values(widths).reduce((a, b) => a + b, 0);

describe("fitColumnWidths", () => {
  it("shrinks every column in proportion to fit the room", () => {
    const widths = fitColumnWidths([spec("a", 200), spec("b", 100), spec("c", 100)], 300);
    expect(widths).toEqual({ a: 150, b: 75, c: 75 });
  });

  it("holds a column at its minimum and takes the difference from the others", () => {
    const widths = fitColumnWidths([spec("when", 170, 170), spec("who", 300), spec("what", 300)], 570);
    expect(widths).toEqual({ when: 170, who: 200, what: 200 });
    expect(total(widths)).toBe(570);
  });

  it("grows columns to fill a wide screen, none past its maximum", () => {
    const widths = fitColumnWidths([spec("region", 100, 80, 120), spec("who", 200)], 620);
    expect(widths).toEqual({ region: 120, who: 500 });
  });

  it("leaves hand-resized columns as they are and fits the rest around them", () => {
    const widths = fitColumnWidths([spec("a", 100), spec("b", 100)], 500, { a: 300 });
    expect(widths).toEqual({ b: 200 });
  });

  it("gives every column its minimum when even that does not fit (the table then scrolls)", () => {
    const widths = fitColumnWidths([spec("a", 200, 120), spec("b", 200, 120)], 100);
    expect(widths).toEqual({ a: 120, b: 120 });
  });

  it("asks for nothing before the table has been measured", () => {
    expect(fitColumnWidths([spec("a", 200)], 0)).toEqual({});
  });
});
