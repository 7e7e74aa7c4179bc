import "server-only";
import headless from "@xterm/headless";
import serializeAddon from "@xterm/addon-serialize";
import type { Terminal as HeadlessTerminal } from "@xterm/headless";
import { clampSize, type ReplayEvent } from "./replay-types";

// Both packages are CommonJS: Node's ESM loader exposes only their default export.
const { Terminal } = headless;
const { SerializeAddon } = serializeAddon;

/** Scrollback of the terminals that build keyframes, as in the player. */
export const SCROLLBACK = 1000;

/**
 * A server-side terminal that replays masked events and snapshots its state as keyframes: the
 * same emulator as the browser player (xterm.js), so a snapshot written into the player's
 * terminal reproduces the screen.
 */
export class HeadlessScreen {
  private readonly term: HeadlessTerminal;
  private readonly serializer: InstanceType<typeof SerializeAddon>;
  private pending = "";

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ ...clampSize(cols, rows), scrollback: SCROLLBACK, allowProposedApi: true });
    this.serializer = new SerializeAddon();
    // The addon is typed against the browser package; the headless terminal has the same API.
    this.term.loadAddon(this.serializer as unknown as Parameters<HeadlessTerminal["loadAddon"]>[0]);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Writes a keyframe's screen into this (fresh) terminal. */
  restore(screen: string): Promise<void> {
    this.pending += screen;
    return this.flush();
  }

  /**
   * Applies one event. Output is queued and written in large pieces (the emulator is much
   * faster that way); a resize first waits for queued output, as the terminal saw it in order.
   * Input, markers and structured events do not change the screen.
   */
  async apply(e: ReplayEvent): Promise<void> {
    if (e.type === "output" && typeof e.body.data === "string") this.pending += e.body.data;
    else if (e.type === "resize") {
      await this.flush();
      const size = clampSize(e.body.cols, e.body.rows);
      this.term.resize(size.cols, size.rows);
    }
  }

  flush(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    const data = this.pending;
    this.pending = "";
    return new Promise((resolve) => this.term.write(data, resolve));
  }

  /**
   * The terminal's state as escape sequences: one screen of scrollback (so a resize that grows
   * the terminal after a seek pulls back the same lines), the screen, the pen, the modes, and
   * what the serializer leaves out (see extraState).
   */
  async snapshot(): Promise<string> {
    await this.flush();
    return this.serializer.serialize({ scrollback: this.term.rows }) + extraState(this.term);
  }

  /** The visible screen, one string per row, trailing blanks trimmed. */
  async screenText(): Promise<string[]> {
    await this.flush();
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
    return lines;
  }

  dispose(): void {
    this.term.dispose();
  }
}

interface CoreInternals {
  buffer?: { scrollTop: number; scrollBottom: number; savedX: number; savedY: number };
  coreService?: { isCursorHidden?: boolean };
  _charsetService?: { glevel: number; _charsets?: (Record<string, string> | undefined)[] };
}

/**
 * Terminal state that SerializeAddon 0.14 does not write, read from xterm's internals (as the
 * addon itself does for the pen): the scroll region, a saved cursor position, the DEC
 * line-drawing character set and a hidden cursor. Without them, a full-screen program (less,
 * vim, htop) replayed from a keyframe would scroll, draw boxes or park the cursor differently
 * than the same recording played from the start. The keyframe version names the xterm version,
 * so an upgrade that moves these internals rebuilds keyframes instead of misreading them.
 */
function extraState(term: HeadlessTerminal): string {
  const core = (term as unknown as { _core?: CoreInternals })._core;
  const buffer = core?.buffer;
  if (!buffer) return "";
  let out = "";
  let moved = false;
  if (buffer.savedX !== 0 || buffer.savedY !== 0) {
    out += `\x1b[${buffer.savedY + 1};${buffer.savedX + 1}H\x1b7`;
    moved = true;
  }
  if (buffer.scrollTop !== 0 || buffer.scrollBottom !== term.rows - 1) {
    out += `\x1b[${buffer.scrollTop + 1};${buffer.scrollBottom + 1}r`;
    moved = true;
  }
  if (moved) {
    const active = term.buffer.active;
    const row = term.modes.originMode ? active.cursorY - buffer.scrollTop : active.cursorY;
    out += `\x1b[${row + 1};${active.cursorX + 1}H`;
  }
  const charsets = core._charsetService;
  charsets?._charsets?.forEach((charset, g) => {
    // DEC special graphics maps "q" to a horizontal line; other national sets are not restored.
    if (charset?.q === "\u2500") out += `\x1b${"()*+"[g]}0`;
  });
  if (charsets?.glevel === 1) out += "\x0e";
  if (core.coreService?.isCursorHidden) out += "\x1b[?25l";
  return out;
}
