import type { ReplayEvent, ReplayLine, ReplayStart } from "@/lib/replay/replay-types";

/** The next piece of the session is fetched once less than this much text is left to play. */
const LOW_WATER_CHARS = 256 * 1024;

/**
 * The replay of a session from one seek on: the server's first response (a keyframe, the
 * events to the target and a little more), then continuations fetched while playback drains
 * the buffer. Each response is a bounded NDJSON stream, so a paused player holds, and makes
 * the server read, only a little beyond the screen it shows.
 */
export class ReplayStream {
  readonly events: ReplayEvent[] = [];
  start: ReplayStart | null = null;
  /** Every event of the session is in `events`. */
  done = false;
  error: string | null = null;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private fetching = false;
  private more = false;
  private last = { seq: 0, time: 0 };
  private receivedChars = 0;
  private consumedChars = 0;

  /** `url`: a seek (see replayUrl); continuations replace its query. */
  constructor(private readonly url: string) {
    void this.read(url);
  }

  /** Resolves at the next change: events arrived, or the stream ended or failed. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The player has played `chars` more characters of text; fetches more when it runs low. */
  consume(chars: number): void {
    this.consumedChars += chars;
    this.fill();
  }

  /** Fetches the next piece if the session goes on and the buffer is low (or `now`: the player is waiting). */
  fill(now = false): void {
    if (!this.more || this.fetching || this.abort.signal.aborted || (!now && this.receivedChars - this.consumedChars >= LOW_WATER_CHARS)) return;
    void this.read(`${this.url.split("?")[0]}?after=${this.last.seq}&from=${this.last.time}`);
  }

  /** Drops the events before `index`: played, and no longer needed. */
  trim(index: number): void {
    this.events.splice(0, index);
  }

  close(): void {
    this.abort.abort();
    this.notify();
  }

  private async read(url: string): Promise<void> {
    this.fetching = true;
    this.more = false;
    let ended = false;
    try {
      const res = await fetch(url, { signal: this.abort.signal });
      if (!res.ok || !res.body) throw new Error(await errorMessage(res));
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let rest = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const lines = (rest + decoder.decode(value, { stream: true })).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) if (line) ended = this.accept(JSON.parse(line) as ReplayLine) || ended;
        this.notify();
      }
      if (!ended) throw new Error("the replay stream ended early");
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.fetching = false;
    }
    this.notify();
  }

  /** Takes one line; true for the end line. */
  private accept(line: ReplayLine): boolean {
    if (line.kind === "start") {
      // A continuation starts where the buffer ends; only the first start places the screen.
      this.start ??= line;
      this.last = { seq: line.seq, time: line.time };
      return false;
    }
    if (line.kind === "end") {
      this.more = line.more;
      this.done = !line.more;
      return true;
    }
    const { kind: _kind, ...event } = line;
    this.events.push(event);
    this.last = { seq: event.seq, time: event.time };
    if (typeof event.body.data === "string") this.receivedChars += event.body.data.length;
    return false;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `the server answered ${res.status}`;
  } catch {
    return `the server answered ${res.status}`;
  }
}
