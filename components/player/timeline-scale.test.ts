import { describe, expect, it } from "vitest";
import { TimelineScale } from "./timeline-scale";

describe("TimelineScale", () => {
  // 100 s recorded; idle from 10 to 40 s and from 50 to 52 s.
  const gaps: [number, number][] = [
    [10, 30],
    [50, 2],
  ];

  it("shows real time without a cap", () => {
    const s = new TimelineScale(100, gaps, null);
    expect(s.total).toBe(100);
    expect(s.toDisplay(45)).toBe(45);
    expect(s.toRecorded(45)).toBe(45);
    expect(s.compressed).toEqual([]);
  });

  it("shortens gaps longer than the cap, and only those", () => {
    const s = new TimelineScale(100, gaps, 2);
    expect(s.total).toBe(72);
    expect(s.compressed).toEqual([{ at: 12, start: 10, length: 30 }]);
    expect(s.toDisplay(5)).toBe(5);
    expect(s.toDisplay(11)).toBe(11);
    expect(s.toDisplay(25)).toBe(12);
    expect(s.toDisplay(40)).toBe(12);
    expect(s.toDisplay(51)).toBe(23);
    expect(s.fraction(100)).toBe(1);
  });

  it("maps back: a cut's point is the end of its gap", () => {
    const s = new TimelineScale(100, gaps, 2);
    expect(s.toRecorded(5)).toBe(5);
    expect(s.toRecorded(12)).toBe(40);
    expect(s.toRecorded(13)).toBe(41);
    for (const t of [0, 3, 9.5, 40, 41, 60, 100]) expect(s.toRecorded(s.toDisplay(t))).toBeCloseTo(t);
  });
});
