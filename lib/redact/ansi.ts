// The ANSI-stripped projection of terminal output, with a map from projected offsets back to
// raw offsets. Rules match on the projection, so a colour code inside or around a key (even one
// on every character) cannot break a match; masks are applied to the raw range.
//
// Stripped (ECMA-48): CSI (ESC [ or C1 0x9B) with its parameters; the control strings OSC, DCS,
// SOS, PM and APC (ESC ] P X ^ _ or C1 0x9D 0x90 0x98 0x9E 0x9F) up to BEL or ST; every other
// ESC sequence (intermediates then a final byte); and every other C1 control.

// A run of complete escape sequences per match (colour codes come in runs), else a lone
// introducer (the last alternative): dropped, or held back when the next chunk may still
// complete it. A control string also ends where a new ESC starts. A two-character ESC sequence
// cannot end in an introducer ([ ] P X ^ _): those begin longer sequences.
const ESCAPE =
  /(?:\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\|(?=\x1b))|[ -/]+[0-~]|[0-OQ-WYZ\\`-~])|\x9b[0-?]*[ -/]*[@-~]|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\|(?=\x1b))|[\x80-\x8f\x91-\x97\x99\x9a\x9c])+|[\x1b\x90\x98\x9b\x9d\x9e\x9f]/g;
/** ESC and the C1 introducers of CSI and control strings. */
function isIntroducer(code: number): boolean {
  return code === 0x1b || code === 0x9b || code === 0x90 || code === 0x98 || code === 0x9d || code === 0x9e || code === 0x9f;
}
// A sequence that the next chunk may still complete.
const PARTIAL = /(?:\x1b(?:\[[0-?]*[ -/]*|[\]PX^_][^\x07\x1b\x9c]*\x1b?|[ -/]*)|\x9b[0-?]*[ -/]*|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*\x1b?)$/y;

/**
 * A control sequence that moves the cursor or erases, at a projected offset: what the screen
 * model needs to know of the sequences the projection removes. `cmd` is the CSI's parameters
 * and final byte ("2K", "10G", "D"), or for a two-character ESC sequence, ESC's letter ("7").
 */
export interface CursorEdit {
  p: number;
  cmd: string;
  /** The sequence as received: a mask over an edited secret keeps it, so the layout stays. */
  seq: string;
  /** A two-character ESC sequence rather than a CSI. */
  esc?: true;
}

// The sequences the screen model interprets: CSI cursor moves, erases, inserts and deletes,
// scrolls, absolute positions, save/restore and the keypad's editing keys (~), and ESC's
// save/restore (7, 8), index (D, E, M) and reset (c).
const CURSOR_EDIT = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*([@A-HJKLMPSTX`adefhlsu~])|\x1b([78DEMc])/g;

/**
 * Whether a run of escape sequences may hold a cursor edit: some byte in 0x40-0x7E other than
 * the SGR final "m" and CSI's "[". Colour runs, the common case, are rejected by this loop
 * without a regular expression.
 */
function mayEdit(raw: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x40 && c <= 0x7e && c !== 0x6d && c !== 0x5b) return true;
  }
  return false;
}

export interface Projection {
  /** The raw text from `from` with every complete escape sequence removed. */
  text: string;
  /**
   * Where the map jumps: projected offset `p` at or after `segP[k]` (and before `segP[k+1]`)
   * is raw offset `segR[k] + p - segP[k]`. Offsets are relative to the projection and to `from`.
   */
  segP: number[];
  segR: number[];
  /** Raw offset (absolute) up to which the input was consumed; the rest is an unfinished sequence. */
  done: number;
  /** Cursor edits among the removed sequences, in order (offsets relative to the projection). */
  edits: CursorEdit[];
}

/**
 * Projects `raw` from `from`. With `final` an unfinished sequence at the end is dropped as if it
 * had ended; otherwise it is left unconsumed for the next chunk to complete.
 */
export function project(raw: string, from: number, final: boolean): Projection {
  ESCAPE.lastIndex = from;
  let m = ESCAPE.exec(raw);
  if (m === null) return { text: from === 0 ? raw : raw.slice(from), segP: [0], segR: [0], done: raw.length, edits: [] };

  const parts: string[] = [];
  const segP = [0];
  const segR = [0];
  let p = 0; // projected length so far
  let pos = from; // raw offset of the first unconsumed character
  let done = raw.length;
  const edits: CursorEdit[] = [];
  while (m !== null) {
    const at = m.index;
    const end = ESCAPE.lastIndex;
    if (at > pos) {
      parts.push(raw.slice(pos, at));
      p += at - pos;
    }
    if (!final && end === at + 1 && isIntroducer(raw.charCodeAt(at))) {
      PARTIAL.lastIndex = at;
      if (PARTIAL.test(raw)) {
        done = pos = at;
        break;
      }
    }
    if (mayEdit(raw, at, end)) collectEdits(raw.slice(at, end), p, edits);
    pos = end;
    if (segP[segP.length - 1] === p) segR[segR.length - 1] = pos - from;
    else {
      segP.push(p);
      segR.push(pos - from);
    }
    m = ESCAPE.exec(raw);
  }
  if (pos < done) parts.push(raw.slice(pos, done));
  return { text: parts.join(""), segP, segR, done, edits };
}

function collectEdits(run: string, p: number, edits: CursorEdit[]): void {
  // Control strings (OSC titles) may hold letters: only sequences outside them count.
  const plain = !/[\x90\x98\x9d\x9e\x9f]|\x1b[\]PX^_]/.test(run) ? run : run.replace(/(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?/g, "");
  CURSOR_EDIT.lastIndex = 0;
  for (let m = CURSOR_EDIT.exec(plain); m !== null; m = CURSOR_EDIT.exec(plain)) {
    if (m[3] !== undefined) edits.push({ p, cmd: m[3], seq: m[0], esc: true });
    // Of the modes, only a switch to or from the alternate screen moves what is shown.
    else if ((m[2] !== "h" && m[2] !== "l") || /^\?(?:1049|1047|47)$/.test(m[1])) edits.push({ p, cmd: m[1] + m[2], seq: m[0] });
  }
}

/** Strips escape sequences from complete text. */
export function stripAnsi(raw: string): string {
  return project(raw, 0, true).text;
}
