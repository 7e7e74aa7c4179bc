// The screen model: what the terminal shows on the current line, cell by cell, with the
// projected offset of the character that put each cell there. Rules read the projection, the
// bytes in the order they arrived; a terminal applies backspaces, carriage returns and cursor
// moves, so `AKIA5ZEJZ\bKQWAT43TA3O5` shows a whole key that the projection never holds. The
// model renders each line that such edits touch and has the rules read it too: before every
// edit that moves the cursor back or erases (the moment a progress line or a typo fix is
// about to change what is shown) and when the line ends. A secret found on screen masks every
// source character that put one of its cells there.
//
// Output is modelled as a terminal shows it (overwrite); typed input as a line editor keeps it
// (insert, with backspace, ^U, ^W, arrows, home and end), ending at Enter.
//
// Lines without edits cost one scan for control characters: the projection already is their
// screen. A line that an edit could still reach is held back whole (the caller holds from
// `hold()`), so chunking never changes what is found. Cross-line moves (up, down, absolute
// positions, save and restore) end the line: their effects on earlier lines are not modelled.
import type { CursorEdit } from "./ansi";
import type { Candidate, RuleIdentity } from "./rule";
import { displayWidth } from "./width";

export type StreamKind = "output" | "input";

/** A too-edited line, masked whole (fail closed). */
export const EDITED_LINE: RuleIdentity = {
  id: "edited-line-overflow",
  family: "overflow",
  label: "edited",
  description: "a line rewritten by so many cursor edits that tracking it cost more than the budget, masked whole (fail closed)",
  priority: 0,
};

/** Snapshot work a line may cost: this many characters read per character received, plus the allowance. */
const WORK_PER_CHAR = 64;
const WORK_ALLOWANCE = 64 * 1024;
/** A snapshot reads this far on each side of the cells written since the last one. */
const SNAPSHOT_REACH = 768;

const BLANK = -1;
const LF = 0x0a;
const CR = 0x0d;
const BS = 0x08;
const TAB = 0x09;

// Characters that make a line worth rendering: backspace, a carriage return not followed by a
// line feed, vertical tab and form feed; for typed input, the line editor's keys.
const OUTPUT_CONTROL = /[\x08\x0b\x0c]|\r(?!\n)/g;
const INPUT_CONTROL = /[\x01\x03\x05\x08\x0b\x15\x17\x7f]/g;

type EditKind = "move" | "break" | "noop-at-end" | "ignore";

/** How an edit acts on an output line. */
function outputEditKind(e: CursorEdit): EditKind {
  if (e.esc) return "break"; // ESC 7/8, D, E, M, c
  const final = e.cmd[e.cmd.length - 1];
  switch (final) {
    case "D":
    case "G":
    case "`":
      return "move";
    case "K":
      return e.cmd === "K" || e.cmd === "0K" ? "noop-at-end" : "move";
    case "P":
    case "@":
    case "X":
    case "C":
    case "a":
      return "noop-at-end";
    case "~":
      return "ignore";
    default:
      return "break"; // A B E F H f d e J L M S T s u, and alternate-screen switches
  }
}

/** How a key sequence acts on a typed line. */
function inputEditKind(e: CursorEdit): EditKind {
  if (e.esc) return "ignore";
  const final = e.cmd[e.cmd.length - 1];
  if (final === "D" || final === "C" || final === "H" || final === "F" || final === "~") return "move";
  if (final === "A" || final === "B") return "break"; // history replaces the line
  return "ignore";
}

export type ScreenCandidate = Candidate & { group: object };

/** The rules, run over a complete rendered line. */
export type Detect = (text: string) => Candidate[];

export class LineScreen {
  /** Projected offset where the current line began. */
  private lineStart = 0;
  /** Projected offset consumed so far. */
  private consumed = 0;
  /** Cursor edits not yet behind `consumed`, and those of the current line (for materializing). */
  private edits: CursorEdit[] = [];
  private editHead = 0;
  private lineEditHead = 0;
  /** The rendered line, once an edit touched it: a character (or "" for the second cell of a wide one) and its source. */
  private cells: string[] | null = null;
  private src: number[] = [];
  private cursor = 0;
  private pendingWrap = false;
  private dirtyMin = Infinity;
  private dirtyMax = -1;
  private work = 0;
  private failed = false;
  /** Through this offset, the held line was released at the cap: it no longer holds. */
  private released = 0;
  private seen = new Set<string>();
  private nextControl = -1;
  /** No control character lies before this offset, but `nextControl`. */
  private controlFreeTo = 0;
  private readonly control: RegExp;

  constructor(
    private readonly kind: StreamKind,
    private readonly detect: Detect,
    private cols = Infinity,
  ) {
    this.control = kind === "output" ? OUTPUT_CONTROL : INPUT_CONTROL;
  }

  setColumns(cols: number): void {
    if (cols >= 1) this.cols = cols;
  }

  addEdits(edits: readonly CursorEdit[], base: number): void {
    for (const e of edits) this.edits.push(base === 0 ? e : { ...e, p: e.p + base });
  }

  /** Whether the current line is rendered cell by cell (an edit touched it). */
  get rendering(): boolean {
    return this.cells !== null;
  }

  /**
   * The earliest projected offset the caller must still hold: the start of the current line,
   * or once it is rendered, the earliest source still on screen (what has been overwritten
   * can no longer become part of a secret).
   */
  hold(): number {
    let hold = this.consumed;
    if (this.cells === null || this.failed) hold = Math.min(hold, this.lineStart);
    else {
      const cells = this.cells;
      for (let k = 0; k < cells.length; k++) {
        const s = this.src[k];
        if (s !== BLANK && s < hold && cells[k] !== " ") hold = s;
      }
    }
    return Math.max(hold, this.released);
  }

  /** The held text reached the cap: stop holding what was received so far. */
  release(): void {
    this.released = this.consumed;
  }

  /** Offsets dropped from the front of the text: shift everything kept. */
  shift(k: number): void {
    this.lineStart -= k;
    this.consumed -= k;
    this.released = Math.max(0, this.released - k);
    if (this.nextControl >= 0) this.nextControl -= k;
    this.controlFreeTo = Math.max(0, this.controlFreeTo - k);
    for (let i = 0; i < this.src.length; i++) if (this.src[i] !== BLANK) this.src[i] -= k;
    // Edits are in offset order: those before the cut are a prefix.
    const dropped = this.firstEditFrom(k);
    this.edits = this.edits.slice(dropped).map((e) => ({ ...e, p: e.p - k }));
    this.editHead = Math.max(0, this.editHead - dropped);
    this.lineEditHead = Math.max(0, this.lineEditHead - dropped);
    if (this.lineStart < 0) this.lineStart = 0; // only after a release at the cap
    this.seen.clear(); // keys hold offsets: a repeat after a shift is merged downstream
  }

  /**
   * Consumes the projected text up to its end (or up to a final carriage return, which may
   * still turn out to begin a line break) and pushes what the rendered lines hold.
   */
  advance(text: string, final: boolean, out: ScreenCandidate[]): void {
    const n = text.length;
    const end = !final && this.kind === "output" && text.charCodeAt(n - 1) === CR ? n - 1 : n;
    let i = this.consumed;
    while (i < end) {
      if (this.cells === null) {
        i = this.skipPlain(text, i, end);
        if (i >= end) break;
      }
      this.consumed = i; // the work budget counts what the line has received so far
      i = this.applyEditsAt(text, i, out);
      if (i >= end) break;
      if (this.cells === null) continue; // an edit there ended the line: the next one starts plain
      i = this.step(text, i, out);
    }
    this.consumed = Math.max(this.consumed, Math.min(i, end));
    if (end === n) this.applyEditsAt(text, n, out);
    if (final) this.endLine(text, n, out);
  }

  /** Moves over a plain stretch: up to the next control character or edit that needs the cells. */
  private skipPlain(text: string, i: number, end: number): number {
    for (;;) {
      // Edits that cannot change an unrendered line are passed over (and replayed if it renders).
      let edit: CursorEdit | null = null;
      let kind: EditKind = "ignore";
      while (this.editHead < this.edits.length && this.edits[this.editHead].p <= end) {
        const e = this.edits[this.editHead];
        kind = this.editKind(e);
        // Before anything is written on the line, a move or an erase changes nothing that a
        // secret could use (a redraw's "\x1b[2K\x1b[1G" at the start of the line).
        if (e.p >= i && (kind === "break" || (kind === "move" && e.p > this.lineStartAt(text, e.p)))) {
          edit = e;
          break;
        }
        this.editHead++;
      }
      const editAt = edit === null ? end : edit.p;
      const controlAt = this.findControl(text, i, editAt);
      const stop = Math.min(controlAt, editAt);
      this.noteLineEnds(text, i, stop);
      if (edit !== null && stop === edit.p) {
        if (kind === "move") {
          this.materialize(text, stop);
          return stop; // the caller applies the edit
        }
        this.consumed = stop;
        this.editHead++;
        this.newLine(stop);
        this.lineEditHead = this.editHead;
        i = stop;
        continue;
      }
      if (stop >= end) {
        this.consumed = end;
        return end;
      }
      if (stop === this.lineStartAt(text, stop) && this.kind === "output") {
        // A carriage return or backspace before anything was written: nothing moves.
        i = stop + 1;
        this.nextControl = -1;
        continue;
      }
      this.materialize(text, stop); // a control character at `stop`
      return stop;
    }
  }

  private findControl(text: string, from: number, to: number): number {
    if (this.nextControl >= from) return this.nextControl < to ? this.nextControl : to;
    // Each stretch of text is searched once: a chunk with many edits must not be rescanned per edit.
    const re = this.control;
    re.lastIndex = Math.max(from, this.controlFreeTo);
    const m = re.exec(text);
    if (m === null) {
      this.nextControl = -1;
      this.controlFreeTo = text.length;
      return to;
    }
    const at = m.index;
    this.controlFreeTo = at;
    // A carriage return that ends the text may yet be followed by a line feed: not remembered.
    this.nextControl = at === text.length - 1 && text.charCodeAt(at) === CR ? -1 : at;
    return at < to ? at : to;
  }

  /** A plain stretch may end lines: the current line starts after the last break in it. */
  private noteLineEnds(text: string, from: number, to: number): void {
    if (to <= from) return;
    let at = text.lastIndexOf("\n", to - 1);
    if (this.kind === "input") at = Math.max(at, text.lastIndexOf("\r", to - 1));
    if (at >= from) {
      this.lineStart = at + 1;
      this.lineEditHead = this.firstEditFrom(at + 1);
    }
  }

  /** Where the line holding offset `p` starts (output lines end at line feeds; typed ones at Enter too). */
  private lineStartAt(text: string, p: number): number {
    let at = text.lastIndexOf("\n", p - 1);
    if (this.kind === "input") at = Math.max(at, text.lastIndexOf("\r", p - 1));
    return Math.max(this.lineStart, at + 1);
  }

  /** The index of the first edit at or after offset `p` (edits are in offset order). */
  private firstEditFrom(p: number): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.edits[mid].p < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private editKind(e: CursorEdit): EditKind {
    return this.kind === "output" ? outputEditKind(e) : inputEditKind(e);
  }

  /** Renders the current line from its start up to `to`, without reading it: it held no edit yet. */
  private materialize(text: string, to: number): void {
    this.cells = [];
    this.src = [];
    this.cursor = 0;
    this.pendingWrap = false;
    this.work = 0;
    this.failed = false;
    this.seen.clear();
    this.editHead = this.lineEditHead;
    let i = this.lineStart;
    while (i < to) {
      while (this.editHead < this.edits.length && this.edits[this.editHead].p === i) this.applyEdit(this.edits[this.editHead++], null);
      i = this.put(text, i);
    }
    // The edits at `to` and after are the caller's to apply.
    this.editHead = this.firstEditFrom(to);
    this.dirtyMin = 0;
    this.dirtyMax = this.cells.length;
  }

  /** Applies the edits at offset `i`; returns `i`. */
  private applyEditsAt(text: string, i: number, out: ScreenCandidate[]): number {
    while (this.editHead < this.edits.length && this.edits[this.editHead].p <= i) {
      const e = this.edits[this.editHead++];
      if (e.p < i) continue;
      if (this.cells === null) {
        const kind = this.editKind(e);
        if (kind === "break") {
          this.newLine(i);
          this.lineEditHead = this.editHead;
          continue;
        }
        if (kind !== "move") continue;
        this.editHead--;
        this.materialize(text, i);
        this.editHead++;
      }
      if (this.editKind(e) === "break") {
        this.endLine(text, i, out);
        this.lineEditHead = this.editHead;
        continue;
      }
      this.applyEdit(e, out);
    }
    return i;
  }

  /** One character of a rendered line. */
  private step(text: string, i: number, out: ScreenCandidate[]): number {
    const c = text.charCodeAt(i);
    if (this.kind === "output") {
      if (c === LF || c === 0x0b || c === 0x0c) {
        this.endLine(text, i + 1, out);
        return i + 1;
      }
      if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) return i + 1; // the line feed ends the line
        this.moveTo(this.rowStart(), out);
        return i + 1;
      }
      if (c === BS) {
        // As xterm: a pending wrap first puts the cursor back on the last column.
        this.moveTo(Math.max(this.rowStart(), this.cursor - (this.pendingWrap ? 2 : 1)), out);
        return i + 1;
      }
      return this.put(text, i);
    }
    // Typed input: a line editor.
    switch (c) {
      case CR:
      case LF:
        this.endLine(text, i + 1, out);
        return i + 1;
      case 0x7f:
      case BS:
        this.deleteRange(this.cursor - 1, this.cursor, out);
        return i + 1;
      case 0x15: // ^U
        this.deleteRange(0, this.cursor, out);
        return i + 1;
      case 0x0b: // ^K
        this.deleteRange(this.cursor, this.cells!.length, out);
        return i + 1;
      case 0x17: {
        // ^W: the word before the cursor, and the blanks after it
        let k = this.cursor;
        while (k > 0 && this.cells![k - 1] === " ") k--;
        while (k > 0 && this.cells![k - 1] !== " ") k--;
        this.deleteRange(k, this.cursor, out);
        return i + 1;
      }
      case 0x01:
        this.moveTo(0, out);
        return i + 1;
      case 0x05:
        this.moveTo(this.cells!.length, out);
        return i + 1;
      case 0x03: // ^C: the line is abandoned, after what it showed is read
        this.endLine(text, i + 1, out);
        return i + 1;
      default:
        return this.put(text, i);
    }
  }

  /** Writes the character at `i` (a printable one, or a tab) at the cursor; returns the next offset. */
  private put(text: string, i: number): number {
    const cells = this.cells!;
    const c = text.charCodeAt(i);
    if (this.kind === "output" && (c === CR || c === BS || c === LF)) {
      // Replaying a stretch while materializing: CR LF pairs and nothing else reach here.
      if (c === CR) this.cursor = this.rowStart();
      else if (c === BS) this.cursor = Math.max(this.rowStart(), this.cursor - 1);
      this.pendingWrap = false;
      return i + 1;
    }
    if (c === TAB) {
      if (this.kind === "input") this.insertCell(" ", i);
      else {
        const row = this.rowStart();
        const next = row + ((Math.floor((this.cursor - row) / 8) + 1) * 8);
        this.cursor = Math.min(next, row + this.cols - 1);
        this.pendingWrap = false;
      }
      return i + 1;
    }
    if (c < 0x20 || c === 0x7f) return i + 1; // other controls show nothing
    let ch = text[i];
    let next = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && next < text.length) {
      ch = text.slice(i, i + 2);
      next = i + 2;
    }
    const width = c < 0x7f ? 1 : displayWidth(ch);
    if (width === 0) {
      // A combining mark joins the character before it.
      if (this.cursor > 0 && cells[this.cursor - 1] !== undefined) cells[this.cursor - 1] += ch;
      return next;
    }
    if (this.kind === "input") {
      this.insertCell(ch, i);
      return next;
    }
    if (this.pendingWrap) this.pendingWrap = false;
    for (let w = 0; w < width; w++) {
      const k = this.cursor + w;
      while (cells.length < k) {
        cells.push(" ");
        this.src.push(BLANK);
      }
      cells[k] = w === 0 ? ch : "";
      this.src[k] = i;
    }
    this.markDirty(this.cursor, this.cursor + width);
    this.cursor += width;
    if (this.cols !== Infinity && (this.cursor - this.rowStart()) >= this.cols) {
      // The cursor waits at the last column until the next character wraps the line.
      this.cursor = this.rowStart() + this.cols;
      this.pendingWrap = true;
    }
    return next;
  }

  private insertCell(ch: string, at: number): void {
    const cells = this.cells!;
    if (this.cursor > cells.length) this.cursor = cells.length;
    cells.splice(this.cursor, 0, ch);
    this.src.splice(this.cursor, 0, at);
    this.markDirty(this.cursor, cells.length);
    this.cursor++;
  }

  private rowStart(): number {
    if (this.cols === Infinity || this.kind === "input") return 0;
    const row = Math.floor(this.cursor / this.cols) * this.cols;
    return this.pendingWrap ? row - this.cols : row;
  }

  private rowEnd(): number {
    return this.cols === Infinity || this.kind === "input" ? Infinity : this.rowStart() + this.cols;
  }

  private markDirty(from: number, to: number): void {
    if (from < this.dirtyMin) this.dirtyMin = from;
    if (to > this.dirtyMax) this.dirtyMax = to;
  }

  private moveTo(col: number, out: ScreenCandidate[] | null): void {
    if (out !== null) this.snapshot(out);
    this.cursor = Math.max(0, col);
    this.pendingWrap = false;
  }

  private deleteRange(from: number, to: number, out: ScreenCandidate[] | null): void {
    const cells = this.cells!;
    from = Math.max(0, from);
    to = Math.min(cells.length, to);
    if (out !== null) this.snapshot(out);
    if (to > from) {
      cells.splice(from, to - from);
      this.src.splice(from, to - from);
      this.markDirty(from, cells.length); // what follows moves next to what precedes
    }
    this.cursor = Math.min(from, cells.length);
  }

  private erase(from: number, to: number, out: ScreenCandidate[] | null): void {
    const cells = this.cells!;
    if (out !== null) this.snapshot(out);
    for (let k = Math.max(0, from); k < Math.min(to, cells.length); k++) {
      cells[k] = " ";
      this.src[k] = BLANK;
    }
  }

  /** Applies a cursor edit to the rendered line (out: null while materializing, when nothing is read). */
  private applyEdit(e: CursorEdit, out: ScreenCandidate[] | null): void {
    const cells = this.cells!;
    const final = e.cmd[e.cmd.length - 1];
    const param = e.cmd.slice(0, -1);
    const n = Math.max(1, Number.parseInt(param, 10) || 1);
    if (this.kind === "input") {
      if (final === "D") this.moveTo(this.cursor - 1, out);
      else if (final === "C") this.moveTo(Math.min(cells.length, this.cursor + 1), out);
      else if (final === "H" || (final === "~" && (param === "1" || param === "7"))) this.moveTo(0, out);
      else if (final === "F" || (final === "~" && (param === "4" || param === "8"))) this.moveTo(cells.length, out);
      else if (final === "~" && param === "3") {
        const at = this.cursor;
        this.deleteRange(at, at + 1, out);
      }
      return;
    }
    const row = this.rowStart();
    const rowEnd = this.rowEnd();
    switch (final) {
      case "D":
        this.moveTo(Math.max(row, this.cursor - (this.pendingWrap ? n + 1 : n)), out);
        return;
      case "C":
      case "a":
        this.cursor = Math.min(this.cursor + n, rowEnd - 1);
        this.pendingWrap = false;
        return;
      case "G":
      case "`":
        this.moveTo(Math.min(row + n - 1, rowEnd - 1), out);
        return;
      case "K": {
        const mode = param === "" ? 0 : Number(param);
        const at = this.pendingWrap ? this.cursor - 1 : this.cursor;
        if (mode === 0) this.erase(at, Math.min(rowEnd, cells.length), out);
        else if (mode === 1) this.erase(row, at + 1, out);
        else this.erase(row, Math.min(rowEnd, cells.length), out);
        return;
      }
      case "X":
        this.erase(this.cursor, Math.min(this.cursor + n, rowEnd), out);
        return;
      case "P": {
        if (out !== null) this.snapshot(out);
        const stop = Math.min(rowEnd, cells.length);
        const count = Math.min(n, Math.max(0, stop - this.cursor));
        if (count > 0) {
          cells.splice(this.cursor, count);
          this.src.splice(this.cursor, count);
          if (stop !== Infinity && stop <= cells.length + count && rowEnd !== Infinity) {
            cells.splice(stop - count, 0, ...Array<string>(count).fill(" "));
            this.src.splice(stop - count, 0, ...Array<number>(count).fill(BLANK));
          }
          this.markDirty(this.cursor, Math.min(stop, cells.length));
        }
        return;
      }
      case "@": {
        if (this.cursor >= cells.length) return;
        if (out !== null) this.snapshot(out);
        cells.splice(this.cursor, 0, ...Array<string>(n).fill(" "));
        this.src.splice(this.cursor, 0, ...Array<number>(n).fill(BLANK));
        if (rowEnd !== Infinity && cells.length > rowEnd) {
          cells.splice(rowEnd, n);
          this.src.splice(rowEnd, n);
        }
        return;
      }
    }
  }

  /** Reads the rendered line if anything was written since the last reading. */
  private snapshot(out: ScreenCandidate[]): void {
    if (this.dirtyMax < 0 || this.cells === null) return;
    const cells = this.cells;
    const from = Math.max(0, this.dirtyMin - SNAPSHOT_REACH);
    const to = Math.min(cells.length, this.dirtyMax + SNAPSHOT_REACH);
    this.dirtyMin = Infinity;
    this.dirtyMax = -1;
    if (this.failed || to <= from) return;
    // Only cells that a secret can use make a reading worth its cost.
    let text = "";
    const cellAt: number[] = [];
    for (let k = from; k < to; k++) {
      const ch = cells[k];
      for (let j = 0; j < ch.length; j++) cellAt.push(k);
      text += ch;
    }
    this.work += text.length;
    if (this.work > WORK_ALLOWANCE + WORK_PER_CHAR * (this.consumed - this.lineStart + 1)) {
      this.failed = true;
      return;
    }
    for (const c of this.detect(text)) {
      const sources: number[] = [];
      const lengths: number[] = [];
      let last = -1;
      for (let t = c.start; t < c.end; t++) {
        const k = cellAt[t];
        if (k === last) continue;
        last = k;
        if (this.src[k] !== BLANK && cells[k] !== "") {
          sources.push(this.src[k]);
          lengths.push(sourceLength(cells[k]));
        }
      }
      if (sources.length === 0) continue;
      const order = sources.map((_, j) => j).sort((a, b) => sources[a] - sources[b]);
      const runs: [number, number][] = [];
      for (const j of order) {
        const s = sources[j];
        const e = s + lengths[j];
        const run = runs[runs.length - 1];
        if (run !== undefined && s <= run[1]) run[1] = Math.max(run[1], e);
        else runs.push([s, e]);
      }
      const key = `${c.rule.id}:${runs.join(";")}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const group = {};
      const secret = c.secret ?? text.slice(c.start, c.end);
      for (const [start, end] of runs) {
        const candidate: ScreenCandidate = { rule: c.rule, start, end, secret, group };
        if (c.encoding !== undefined) candidate.encoding = c.encoding;
        out.push(candidate);
      }
    }
  }

  /** The line ends at `next` (the offset after its break): read it a last time. */
  private endLine(text: string, next: number, out: ScreenCandidate[]): void {
    if (this.cells !== null) {
      this.snapshot(out);
      if (this.failed) {
        const start = Math.max(this.lineStart, this.released);
        const end = Math.min(next, text.length);
        if (end > start) out.push({ rule: EDITED_LINE, start, end, group: {} });
      }
    }
    this.newLine(next);
  }

  private newLine(at: number): void {
    this.cells = null;
    this.src = [];
    this.cursor = 0;
    this.pendingWrap = false;
    this.dirtyMin = Infinity;
    this.dirtyMax = -1;
    this.failed = false;
    this.seen.clear();
    this.lineStart = at;
    this.consumed = Math.max(this.consumed, at);
  }
}

/** Code units of a cell's source: a character, a surrogate pair, and combining marks after it. */
function sourceLength(cell: string): number {
  return cell.length;
}
