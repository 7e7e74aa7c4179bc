import { describe, expect, it } from "vitest";
import { project, stripAnsi } from "./ansi";

/** Raw offset of every projected character, from the projection's map. */
function rawOffsets(raw: string): number[] {
  const p = project(raw, 0, true);
  return [...p.text].map((_, i) => {
    let k = 0;
    while (k + 1 < p.segP.length && p.segP[k + 1] <= i) k++;
    return p.segR[k] + i - p.segP[k];
  });
}

describe("ANSI projection", () => {
  it("strips CSI, OSC (BEL and ST), DCS, charset selections and C1 controls", () => {
    expect(stripAnsi("\x1b[1;31mred\x1b[0m \x1b[?25lx\x1b[2K")).toBe("red x");
    expect(stripAnsi("\x1b]0;title\x07a\x1b]8;;https://example.test\x1b\\b")).toBe("ab");
    expect(stripAnsi("\x1bP1$r0m\x1b\\c\x1b(Bd\x1b=e\x1b7f")).toBe("cdef");
    expect(stripAnsi("\x9b31mg\x9b0m\x9d2;t\x9ch\x85i")).toBe("ghi");
  });

  it("maps every projected character back to its raw offset", () => {
    const raw = "\x1b[31mA\x1b[32mK\x1b[0mI\x1b]0;t\x07A";
    const offsets = rawOffsets(raw);
    expect(offsets.map((o) => raw[o]).join("")).toBe("AKIA");
    expect(offsets).toEqual([5, 11, 16, 23]);
  });

  it("leaves an unfinished sequence unconsumed until the next chunk completes it", () => {
    for (const tail of ["\x1b", "\x1b[", "\x1b[1;3", "\x1b]0;title", "\x1b]0;t\x1b", "\x9b3", "\x1bP1$"]) {
      const raw = `ab${tail}`;
      const p = project(raw, 0, false);
      expect(p.text, JSON.stringify(tail)).toBe("ab");
      expect(p.done).toBe(raw.lastIndexOf(tail.endsWith("\x1b") ? "\x1b" : tail));
    }
    expect(project("ab\x1b[1;3", 0, true).text).toBe("ab[1;3"); // at the end of the stream it was not an escape
  });

  it("drops a malformed introducer instead of stalling on it", () => {
    expect(project("a\x1b\nb", 0, false)).toMatchObject({ text: "a\nb", done: 4 });
  });

  it("returns text without escapes as it is", () => {
    const raw = "plain text\n";
    expect(project(raw, 0, false).text).toBe(raw);
    expect(project(raw, 6, false).text).toBe("text\n");
  });
});
