import type { Terminal } from "@xterm/xterm";
import { clampSize, replayUrl, type ReplayEvent } from "@/lib/replay/replay-types";
import { ReplayStream } from "./replay-stream";

/** Where to go: the screen at a recorded time, after event `seq`, or `offset` characters into it. */
export type SeekTarget = { time: number } | { seq: number; offset?: number };

export type PlayerStatus = "loading" | "ready" | "playing" | "buffering" | "ended" | "error";

export interface EngineState {
  /** The playhead, in recorded seconds. */
  time: number;
  /** The terminal shows every event up to this seq. */
  seq: number;
  playing: boolean;
  speed: number;
  /** Idle gaps play for at most this many seconds; null plays them in full. */
  idleCap: number | null;
  status: PlayerStatus;
  error: string | null;
}

export interface FrameInfo {
  cause: string;
  /** From the request (a click, a key, the page opening) to the frame on screen. */
  ms: number;
  seq: number;
  time: number;
}

/** A forward seek replays buffered events locally, without a request, below this much text. */
const LOCAL_SEEK_CHARS = 64 * 1024;
/** Writes are handed to xterm in pieces this big, waiting for each, as its flow control asks. */
const WRITE_CHUNK = 1 << 20;
/** Played events are dropped from the buffer once this many have piled up. */
const TRIM_AT = 10_000;

const dataOf = (e: ReplayEvent) => (typeof e.body.data === "string" ? e.body.data : null);

function isBeyond(e: ReplayEvent, target: SeekTarget): boolean {
  return "time" in target ? e.time > target.time : e.seq > target.seq;
}

/**
 * Plays a session's masked events into an xterm.js terminal. A seek asks the server for the
 * nearest keyframe and the events after it (or, going a little forward, replays what is
 * already buffered); playback then keeps reading the same stream. Idle gaps longer than the
 * cap are cut short, as on the timeline. Not React: the player component drives it.
 */
export class ReplayEngine {
  private stream: ReplayStream | null = null;
  /** Next event of `stream.events` to apply. */
  private index = 0;
  /** The terminal shows the events through `seq`; `time` is the last one's. */
  private pos = { seq: 0, time: 0 };
  /** Set while the terminal shows only the first `applied` characters of event `seq`. */
  private partial: { seq: number; applied: number } | null = null;
  private lastScreenSeq: number | null = null;
  private clock = 0;
  private playing = false;
  private speed = 1;
  private idleCap: number | null = 2;
  private status: PlayerStatus = "loading";
  private error: string | null = null;
  private generation = 0;
  private raf = 0;
  private lastTick = 0;
  private applying = false;
  private seeking: Promise<void> | null = null;
  private pending: { target: SeekTarget; cause: string; startedAt: number } | null = null;
  private disposed = false;

  constructor(
    private readonly term: Terminal,
    private readonly options: { sessionId: string; onChange(state: EngineState): void; onFrame(frame: FrameInfo): void },
  ) {}

  get state(): EngineState {
    return { time: this.clock, seq: this.pos.seq, playing: this.playing, speed: this.speed, idleCap: this.idleCap, status: this.status, error: this.error };
  }

  /**
   * Shows the screen at `target`. Seeks made while one is loading are coalesced: only the
   * latest runs, so dragging the playhead does not queue up requests.
   */
  seek(target: SeekTarget, cause: string, startedAt = performance.now()): Promise<void> {
    this.pending = { target, cause, startedAt };
    this.seeking ??= this.runSeeks();
    return this.seeking;
  }

  play(): void {
    if (this.playing || this.disposed) return;
    this.playing = true;
    if (this.atEnd()) void this.seek({ time: 0 }, "restart");
    this.lastTick = performance.now();
    this.raf = requestAnimationFrame(this.tick);
    this.emit();
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.raf);
    if (this.status === "playing" || this.status === "buffering") this.status = "ready";
    this.emit();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.emit();
  }

  setIdleCap(cap: number | null): void {
    this.idleCap = cap;
    this.emit();
  }

  /** Pauses and shows the next event that changes the screen. */
  async stepForward(): Promise<void> {
    this.pause();
    const stream = this.stream;
    while (stream && stream === this.stream) {
      const next = stream.events.slice(this.index).find((e) => e.type === "output" || e.type === "resize");
      if (next) return this.seek({ seq: next.seq }, "step");
      if (stream.done || stream.error) return;
      stream.fill(true);
      await stream.changed();
    }
  }

  /** Pauses and undoes the last event that changed the screen. */
  stepBack(): Promise<void> {
    this.pause();
    const last = this.partial ? this.partial.seq : (this.lastScreenSeq ?? this.pos.seq);
    return this.seek({ seq: Math.max(0, last - 1) }, "step");
  }

  /** Selects the last visible occurrence of `text` on screen, to point at a search hit. */
  highlight(text: string): void {
    const buffer = this.term.buffer.active;
    const needle = text.toLowerCase();
    for (let y = this.term.rows - 1; y >= 0; y--) {
      const at = (buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "").toLowerCase().indexOf(needle);
      if (at !== -1) return this.term.select(at, buffer.viewportY + y, needle.length);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
    this.stream?.close();
  }

  private async runSeeks(): Promise<void> {
    try {
      while (this.pending && !this.disposed) {
        const next = this.pending;
        this.pending = null;
        await this.seekNow(next.target, next.cause, next.startedAt);
      }
    } finally {
      this.seeking = null;
    }
  }

  private async seekNow(target: SeekTarget, cause: string, startedAt: number): Promise<void> {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation || this.pending !== null || this.disposed;
    this.term.clearSelection();
    if (!this.canPlayForward(target)) {
      this.stream?.close();
      const stream = new ReplayStream(this.url(target));
      this.stream = stream;
      this.index = 0;
      this.setStatus("loading");
      while (!stream.start && !stream.error) await stream.changed();
      if (stale()) return;
      if (!stream.start) return this.fail(stream.error ?? "the replay stream failed");
      const start = stream.start;
      this.term.reset();
      const size = clampSize(start.cols, start.rows);
      if (size.cols !== this.term.cols || size.rows !== this.term.rows) this.term.resize(size.cols, size.rows);
      if (start.screen) this.term.write(start.screen);
      this.pos = { seq: start.seq, time: start.time };
      this.partial = null;
      this.lastScreenSeq = null;
    }
    if (!(await this.applyThrough(target, true, stale))) return;
    await new Promise<void>((resolve) => this.term.write("", resolve));
    // The renderer paints in its own animation frame, queued before this one.
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    if (stale()) return;
    this.clock = "time" in target ? Math.max(this.pos.time, target.time) : this.pos.time;
    this.setStatus(this.atEnd() ? "ended" : this.playing ? "playing" : "ready");
    this.lastTick = performance.now();
    this.options.onFrame({ cause, ms: performance.now() - startedAt, seq: this.pos.seq, time: this.clock });
  }

  /** Whether `target` is ahead and already buffered, close enough to replay without a request. */
  private canPlayForward(target: SeekTarget): boolean {
    const stream = this.stream;
    if (!stream || stream.error || !stream.start) return false;
    if ("time" in target ? target.time < this.pos.time : target.seq < this.pos.seq) return false;
    if (this.partial && "seq" in target && target.seq === this.partial.seq && (target.offset ?? Infinity) < this.partial.applied) return false;
    let chars = 0;
    for (let i = this.index; i < stream.events.length; i++) {
      const e = stream.events[i];
      if (isBeyond(e, target)) return true;
      chars += dataOf(e)?.length ?? 0;
      if (chars > LOCAL_SEEK_CHARS) return false;
    }
    return stream.done;
  }

  /**
   * Applies buffered events up to `target`, waiting for more from the stream when `wait` is
   * set. True once the target is reached (or the stream has ended).
   */
  private async applyThrough(target: SeekTarget, wait: boolean, stale: () => boolean): Promise<boolean> {
    for (;;) {
      const stream = this.stream;
      if (!stream) return false;
      const events = stream.events;
      let data = "";
      let consumed = 0;
      let reached = false;
      while (this.index < events.length) {
        const e = events[this.index];
        const d = dataOf(e);
        if ("offset" in target && target.offset !== undefined && e.seq === target.seq && e.type === "output" && d !== null) {
          // Stop inside the event: the rest stays buffered for playback to write.
          const already = this.partial?.seq === e.seq ? this.partial.applied : 0;
          const cut = Math.min(Math.max(target.offset - already, 0), d.length);
          data += d.slice(0, cut);
          consumed += cut;
          events[this.index] = { ...e, body: { ...e.body, data: d.slice(cut) } };
          this.partial = { seq: e.seq, applied: already + cut };
          this.pos = { seq: e.seq - 1, time: e.time };
          reached = true;
          break;
        }
        if (isBeyond(e, target)) {
          reached = true;
          break;
        }
        if (e.type === "output" && d !== null) {
          data += d;
          this.lastScreenSeq = e.seq;
        } else if (e.type === "resize") {
          // xterm resizes at once but parses writes later: the text before must land first.
          await this.write(data);
          data = "";
          if (stale()) return false;
          const size = clampSize(e.body.cols, e.body.rows);
          this.term.resize(size.cols, size.rows);
          this.lastScreenSeq = e.seq;
        }
        consumed += d?.length ?? 0;
        this.pos = { seq: e.seq, time: e.time };
        this.partial = null;
        this.index++;
        if (data.length >= WRITE_CHUNK) {
          await this.write(data);
          data = "";
          if (stale()) return false;
        }
      }
      if (data) this.term.write(data);
      if (consumed) stream.consume(consumed);
      if (this.index >= TRIM_AT) {
        stream.trim(this.index);
        this.index = 0;
      }
      if (reached || stream.done) return true;
      if (stream.error) {
        this.fail(stream.error);
        return false;
      }
      if (!wait) return false;
      stream.fill(true);
      await stream.changed();
      if (stale()) return false;
    }
  }

  private readonly tick = (now: number) => {
    if (!this.playing || this.disposed) return;
    this.raf = requestAnimationFrame(this.tick);
    // A hidden tab gets no frames: resume where it left off rather than leap ahead.
    const dt = Math.min(now - this.lastTick, 250) / 1000;
    this.lastTick = now;
    const stream = this.stream;
    if (this.seeking || this.applying || !stream) return;
    const next = stream.events[this.index];
    if (!next) {
      if (stream.error) return this.fail(stream.error);
      if (stream.done) {
        this.playing = false;
        this.clock = Math.max(this.clock, this.pos.time);
        this.setStatus("ended");
      } else {
        stream.fill(true);
        this.setStatus("buffering");
      }
      return;
    }
    let clock = this.clock + dt * this.speed;
    if (this.idleCap !== null && clock > this.pos.time + this.idleCap && next.time > clock) clock = next.time;
    this.clock = clock;
    this.status = "playing";
    if (next.time <= clock) {
      this.applying = true;
      const generation = this.generation;
      void this.applyThrough({ time: clock }, false, () => generation !== this.generation).finally(() => (this.applying = false));
    }
    this.emit();
  };

  private atEnd(): boolean {
    return !!this.stream?.done && this.index >= this.stream.events.length;
  }

  private write(data: string): Promise<void> {
    return data ? new Promise((resolve) => this.term.write(data, resolve)) : Promise.resolve();
  }

  private url(target: SeekTarget): string {
    // To stop inside event seq, start from the screen before it.
    return replayUrl(this.options.sessionId, "seq" in target && target.offset !== undefined ? { seq: Math.max(0, target.seq - 1) } : target);
  }

  private setStatus(status: PlayerStatus): void {
    this.status = status;
    this.emit();
  }

  private fail(message: string): void {
    this.error = message;
    this.playing = false;
    this.setStatus("error");
  }

  private emit(): void {
    this.options.onChange(this.state);
  }
}
