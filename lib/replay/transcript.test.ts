import { describe, expect, it } from "vitest";
import { formatReplayTime, LineAssembler, type TranscriptLine } from "./transcript";

function assemble(chunks: string[], options?: { enterEndsLine?: boolean }): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  const a = new LineAssembler(options);
  chunks.forEach((data, i) => a.push(i + 1, i, data, (l) => lines.push(l)));
  a.end((l) => lines.push(l));
  return lines;
}

describe("LineAssembler", () => {
  it("joins lines across writes and says where each began and ended", () => {
    const lines = assemble(["$ npm te", "st\r\nok\r\n", "tail"]);
    expect(lines).toEqual([
      { text: "$ npm test", seq: 1, time: 0, endSeq: 2, endTime: 1, endOffset: 4 },
      { text: "ok", seq: 2, time: 1, endSeq: 2, endTime: 1, endOffset: 8 },
      { text: "tail", seq: 3, time: 2, endSeq: 3, endTime: 2, endOffset: 4 },
    ]);
  });

  it("removes escape codes, even one split between writes", () => {
    expect(assemble(["\x1b[1;31mFAIL\x1b[0m \x1b[3", "2mok\x1b]0;title\x07\r\n"]).map((l) => l.text)).toEqual(["FAIL ok"]);
  });

  it("lets a carriage return overwrite the line, as a terminal shows it", () => {
    expect(assemble(["10%\r", "50%\r", "100%\r\n", "abcdef\rXY\r\n"]).map((l) => l.text)).toEqual(["100%", "XYcdef"]);
  });

  it("handles backspaces and tabs", () => {
    expect(assemble(["abd\bc\r\n", "a\tb\r\n"]).map((l) => l.text)).toEqual(["abc", "a       b"]);
  });

  it("ends typed lines at Enter for input", () => {
    expect(assemble(["ls -", "la\r", "exit\r"], { enterEndsLine: true }).map((l) => l.text)).toEqual(["ls -la", "exit"]);
  });

  it("keeps empty lines and drops a blank unfinished one", () => {
    expect(assemble(["a\r\n\r\nb\r\n", "   "]).map((l) => l.text)).toEqual(["a", "", "b"]);
  });
});

describe("formatReplayTime", () => {
  it("shows minutes, seconds and milliseconds, and hours once there are any", () => {
    expect(formatReplayTime(0)).toBe("00:00.000");
    expect(formatReplayTime(4.6)).toBe("00:04.600");
    expect(formatReplayTime(3725.5)).toBe("1:02:05.500");
  });
});
