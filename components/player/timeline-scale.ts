import type { Gap } from "@/lib/replay/replay-types";

/** An idle gap the timeline shows shortened: where it sits, and what it hides. */
export interface CompressedGap {
  /** Display time at which the skipped stretch is cut out. */
  at: number;
  /** Recorded start and length of the whole idle gap. */
  start: number;
  length: number;
}

/**
 * Maps recorded time to timeline ("display") time with idle gaps capped: a gap longer than
 * `cap` seconds between two events takes only `cap` seconds on the timeline and in playback.
 * `cap` null shows real time.
 */
export class TimelineScale {
  readonly total: number;
  readonly compressed: CompressedGap[] = [];
  /** Recorded time where each cut starts (gap start + cap), and the seconds removed before it ends. */
  private readonly cutAt: number[] = [];
  private readonly cutLength: number[] = [];
  private readonly removedBefore: number[] = [];

  constructor(
    readonly duration: number,
    gaps: readonly Gap[],
    readonly cap: number | null,
  ) {
    let removed = 0;
    if (cap !== null) {
      for (const [start, length] of gaps) {
        if (length <= cap) continue;
        this.cutAt.push(start + cap);
        this.cutLength.push(length - cap);
        this.removedBefore.push(removed);
        this.compressed.push({ at: start + cap - removed, start, length });
        removed += length - cap;
      }
    }
    this.total = Math.max(0, duration - removed);
  }

  /** Display time of recorded time `t`; a time inside a cut maps to the cut's point. */
  toDisplay(t: number): number {
    const i = this.lastCutAtOrBefore(t);
    if (i < 0) return t;
    const inCut = Math.min(t - this.cutAt[i], this.cutLength[i]);
    return t - this.removedBefore[i] - inCut;
  }

  /** Recorded time of display time `d` (a cut's point maps to the end of its gap). */
  toRecorded(d: number): number {
    let lo = 0;
    let hi = this.cutAt.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.cutAt[mid] - this.removedBefore[mid] <= d) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return d;
    const cutPoint = this.cutAt[found] - this.removedBefore[found];
    return d === cutPoint ? this.cutAt[found] + this.cutLength[found] : d + this.removedBefore[found] + this.cutLength[found];
  }

  /** Position of recorded time `t` on the timeline, 0 to 1. */
  fraction(t: number): number {
    return this.total > 0 ? Math.min(1, Math.max(0, this.toDisplay(t) / this.total)) : 0;
  }

  private lastCutAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.cutAt.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.cutAt[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
