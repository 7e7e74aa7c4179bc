// Terminal data as lines of plain text, for the text export and for search. Pure.
//
// Escape codes are removed; a carriage return moves back to the start of the line and later
// text overwrites it (progress bars leave their last state), a backspace moves back one cell,
// a tab advances to the next multiple of eight. Full-screen programs that position the cursor
// come out as the text they wrote, in the order they wrote it.
import { stripAnsi } from "@/lib/redact";

export interface TranscriptLine {
  text: string;
  /** The event where the line began, and its replay time. */
  seq: number;
  time: number;
  /** The event where the line ended, its replay time, and the offset in its data just past the line break. */
  endSeq: number;
  endTime: number;
  endOffset: number;
}

type Emit = (line: TranscriptLine) => void;

// A control character other than a line feed: the slow path handles these one at a time.
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;
const CONTROLS = /([\x00-\x09\x0b-\x1f\x7f])/;
// An escape sequence that is complete where it starts; anything else at the very end of an
// event's data may be finished by the next event and is carried over.
const COMPLETE_ESCAPE = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]+[0-~]|[0-OQ-WYZ\\`-~])/;
const CARRY_MAX = 256;

export class LineAssembler {
  private text = "";
  private col = 0;
  private start: { seq: number; time: number } | null = null;
  private carry = "";
  private lastEnd = { seq: 0, time: 0, offset: 0 };

  /** `enterEndsLine`: for typed input, where Enter sends a carriage return. */
  constructor(private readonly options: { enterEndsLine?: boolean } = {}) {}

  push(seq: number, time: number, data: string, emit: Emit): void {
    const breaks = this.options.enterEndsLine ? /\r\n?|\n/g : /\n/g;
    let from = 0;
    for (const m of data.matchAll(breaks)) {
      // A carriage return just before the line feed changes nothing on the line.
      this.feed(seq, time, data.slice(from, m.index).replace(/\r+$/, ""), false);
      from = m.index + m[0].length;
      this.start ??= { seq, time };
      emit({ text: this.text.trimEnd(), ...this.start, endSeq: seq, endTime: time, endOffset: from });
      this.text = "";
      this.col = 0;
      this.start = null;
    }
    this.feed(seq, time, data.slice(from), true);
    this.lastEnd = { seq, time, offset: data.length };
  }

  /** Emits an unfinished last line. */
  end(emit: Emit): void {
    if (this.start && this.text.trimEnd()) emit({ text: this.text.trimEnd(), ...this.start, endSeq: this.lastEnd.seq, endTime: this.lastEnd.time, endOffset: this.lastEnd.offset });
    this.text = "";
    this.col = 0;
    this.start = null;
  }

  private feed(seq: number, time: number, raw: string, atEventEnd: boolean): void {
    let chunk = this.carry + raw;
    this.carry = "";
    if (atEventEnd) {
      const esc = chunk.lastIndexOf("\x1b");
      if (esc !== -1 && chunk.length - esc <= CARRY_MAX && !COMPLETE_ESCAPE.test(chunk.slice(esc))) {
        this.carry = chunk.slice(esc);
        chunk = chunk.slice(0, esc);
      }
    }
    if (!chunk) return;
    const visible = stripAnsi(chunk);
    if (!visible) return;
    this.start ??= { seq, time };
    if (this.col === this.text.length && !CONTROL.test(visible)) {
      this.text += visible;
      this.col = this.text.length;
      return;
    }
    for (const part of visible.split(CONTROLS)) {
      if (part === "\r") this.col = 0;
      else if (part === "\b") this.col = Math.max(0, this.col - 1);
      else if (part === "\t") this.write(" ".repeat(8 - (this.col % 8)));
      else if (part && !CONTROL.test(part)) this.write(part);
    }
  }

  private write(s: string): void {
    if (this.col > this.text.length) this.text = this.text.padEnd(this.col);
    this.text = this.text.slice(0, this.col) + s + this.text.slice(this.col + s.length);
    this.col += s.length;
  }
}

/** `mm:ss.mmm`, or `h:mm:ss.mmm` from an hour on: a replay time as transcripts show it. */
export function formatReplayTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const rest = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
  return h > 0 ? `${h}:${rest}` : rest;
}
