"use client";
import "@xterm/xterm/css/xterm.css";
import { Terminal } from "@xterm/xterm";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ChainStatus } from "@/lib/sessions/list-sessions";
import type { OutlineEntry, ReplayOutline, SearchHit } from "@/lib/replay/replay-types";
import { clampSize, MIN_IDLE_GAP } from "@/lib/replay/replay-types";
import { formatClock } from "./format-clock";
import { ReplayEngine, type EngineState, type FrameInfo, type SeekTarget } from "./replay-engine";
import { SidePanel } from "./side-panel";
import { Timeline } from "./timeline";
import { TimelineScale } from "./timeline-scale";

export interface PlayerProps {
  sessionId: string;
  /** The recorded terminal size at the start. */
  cols: number;
  rows: number;
  /** Recorded length in seconds, until the outline says more precisely. */
  duration: number;
  chain: ChainStatus;
  /** Where to open: `?t=` seconds or `?seq=` from the URL. */
  initial: { t: number | null; seq: number | null };
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32];
const IDLE_CAPS: (number | null)[] = [MIN_IDLE_GAP, 1, 2, 5, 10, null];
const OUTLINE_POLL_MS = 1000;
const OUTLINE_POLL_MAX_MS = 8000;
const FONT_FAMILY = 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace';
/** The terminal's font grows to fill the stage's width, within these sizes (px). */
const FONT_MIN = 10;
const FONT_MAX = 15;
/** The URL's ?t= follows a seek once the position has settled this long. */
const URL_SETTLE_MS = 1000;

// A dark palette in the console's colours, legible at a glance; ANSI colours stay recognisable.
const THEME = {
  background: "#080b10",
  foreground: "#d8e1ea",
  cursor: "#d8e1ea",
  cursorAccent: "#080b10",
  selectionBackground: "#4da3ff66",
  black: "#1b222c",
  red: "#f47067",
  green: "#57ab5a",
  yellow: "#c69026",
  blue: "#539bf5",
  magenta: "#b083f0",
  cyan: "#39c5cf",
  white: "#c5d1de",
  brightBlack: "#636e7b",
  brightRed: "#ff938a",
  brightGreen: "#6bc46d",
  brightYellow: "#daaa3f",
  brightBlue: "#6cb6ff",
  brightMagenta: "#dcbdfb",
  brightCyan: "#56d4dd",
  brightWhite: "#f0f6fc",
};

/**
 * A finding stops inside its event, right after the line with the mask; any other moment shows
 * the screen at its time, with everything printed at that same instant (a marker and the output
 * it announces usually share a timestamp).
 */
function targetOf(entry: OutlineEntry): SeekTarget {
  return entry.offset !== undefined ? { seq: entry.seq, offset: entry.offset } : { time: entry.time };
}

/**
 * The session player: an xterm.js terminal fed by the masked replay stream, with controls, a
 * timeline with lanes, and a side panel of structured events and search. Client-only (it
 * needs the DOM); the session page loads it through next/dynamic.
 */
export function Player({ sessionId, cols, rows, duration, chain, initial }: PlayerProps) {
  const root = useRef<HTMLElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const engineRef = useRef<ReplayEngine | null>(null);
  const frames = useRef(0);
  const [state, setState] = useState<EngineState>({ time: 0, seq: 0, playing: false, speed: 1, idleCap: 2, status: "loading", error: null });
  const [outline, setOutline] = useState<ReplayOutline | null>(null);
  const [ready, setReady] = useState(false);
  const widest = useRef(0);
  const fitRef = useRef<() => void>(() => {});

  useEffect(() => {
    const term = new Terminal({
      ...clampSize(cols, rows),
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: "block",
      cursorInactiveStyle: "block",
      scrollback: 1000,
      fontFamily: FONT_FAMILY,
      fontSize: FONT_MAX,
      lineHeight: 1.15,
      theme: THEME,
    });
    term.open(screen.current!);
    // The font is fitted to the widest the terminal gets, not to its current width: a new font
    // size makes xterm re-measure every glyph, which must not happen on each seek across a resize.
    const fit = () => {
      widest.current = Math.max(widest.current, term.cols);
      fitFont(term, widest.current, screen.current?.parentElement ?? null);
    };
    fitRef.current = fit;
    const resized = term.onResize(({ cols }) => {
      if (cols > widest.current) fit();
    });
    const observer = new ResizeObserver(fit);
    observer.observe(screen.current!.parentElement!);
    const onFrame = (frame: FrameInfo) => {
      const el = root.current;
      if (!el) return;
      frames.current += 1;
      el.dataset.frame = String(frames.current);
      el.dataset.seq = String(frame.seq);
      el.dataset.time = frame.time.toFixed(3);
      el.dispatchEvent(new CustomEvent("flightlog:frame", { detail: frame, bubbles: true }));
      setReady(true);
    };
    const engine = new ReplayEngine(term, { sessionId, onChange: setState, onFrame });
    engineRef.current = engine;
    // The same target as the page's preload (see replayUrl), so this request is already answered.
    void engine.seek(initial.seq !== null ? { seq: initial.seq } : { time: initial.t ?? 0 }, "open");
    return () => {
      observer.disconnect();
      resized.dispose();
      engine.dispose();
      term.dispose();
      engineRef.current = null;
    };
    // The player opens once per session; later URL changes are its own.
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps

  // The outline (lanes, idle gaps, side panel) comes after the first frame, so it never delays
  // it; while keyframes are being built it is partial and is asked for again.
  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Each partial answer reads the whole cache so far: ask less often as the build goes on.
    let wait = OUTLINE_POLL_MS;
    const again = () => {
      if (cancelled) return;
      timer = setTimeout(load, wait);
      wait = Math.min(wait * 2, OUTLINE_POLL_MAX_MS);
    };
    const load = async () => {
      try {
        const res = await fetch(`/api/console/sessions/${sessionId}/replay/outline`);
        if (!res.ok) return;
        const next = (await res.json()) as ReplayOutline;
        if (cancelled) return;
        setOutline(next);
        if (next.maxCols > widest.current) {
          widest.current = next.maxCols;
          fitRef.current();
        }
        if (!next.complete) again();
      } catch {
        again();
      }
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [ready, sessionId]);

  const scale = useMemo(() => new TimelineScale(outline?.duration ?? duration, outline?.gaps ?? [], state.idleCap), [outline, duration, state.idleCap]);
  const entries = useMemo(() => outline?.entries ?? [], [outline]);

  const seek = useCallback((target: SeekTarget, cause: string, startedAt?: number) => void engineRef.current?.seek(target, cause, startedAt), []);
  const jump = useCallback((entry: OutlineEntry) => seek(targetOf(entry), "jump"), [seek]);
  const onHit = useCallback((hit: SearchHit, query: string) => {
    const engine = engineRef.current;
    if (!engine) return;
    // Like an outline entry: a terminal line is stopped at exactly, anything else shown at its time.
    void engine.seek(hit.offset !== null ? { seq: hit.seq, offset: hit.offset } : { time: hit.time }, "search").then(() => engine.highlight(query));
  }, []);

  // Keyboard shortcuts, anywhere on the page except while typing.
  const latest = useRef({ state, scale, entries });
  latest.current = { state, scale, entries };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const engine = engineRef.current;
      const el = e.target as HTMLElement | null;
      if (!engine || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (el?.closest("input, textarea, select, [contenteditable]") && !el.classList.contains("xterm-helper-textarea")) return;
      // A focused button or link answers Space and Enter itself.
      if (el?.closest("button, a, summary") && (e.key === " " || e.key === "Enter")) return;
      const { state: s, scale: sc, entries: all } = latest.current;
      const byDisplay = (delta: number) => sc.toRecorded(Math.min(sc.total, Math.max(0, sc.toDisplay(s.time) + delta)));
      const chapters = all.filter((x) => x.lane === "marker").length > 0 ? all.filter((x) => x.lane === "marker") : all.filter((x) => x.lane === "command");
      if (e.key === " ") engine.toggle();
      else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
        const step = (e.shiftKey ? 30 : 5) * (e.key === "ArrowLeft" ? -1 : 1);
        void engine.seek({ time: byDisplay(step) }, "key", e.timeStamp);
      } else if (e.key === "[") {
        const prev = chapters.filter((x) => x.time < s.time - 0.05).pop();
        if (prev) void engine.seek(targetOf(prev), "key", e.timeStamp);
      } else if (e.key === "]") {
        const next = chapters.find((x) => x.time > s.time + 0.05);
        if (next) void engine.seek(targetOf(next), "key", e.timeStamp);
      } else if (/^[0-9]$/.test(e.key)) void engine.seek({ time: sc.toRecorded((sc.total * Number(e.key)) / 10) }, "key", e.timeStamp);
      else if (e.key === ",") void engine.stepBack();
      else if (e.key === ".") void engine.stepForward();
      else if (e.key === "/") searchInput.current?.focus();
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // ?t= follows the position, so the address bar is always a link to this moment. Written once
  // the position settles: a history update makes the Next router re-render, which would cost a
  // seek in flight its frame.
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => {
      const url = new URL(window.location.href);
      url.searchParams.set("t", state.time.toFixed(1));
      url.searchParams.delete("seq");
      if (url.href !== window.location.href) window.history.replaceState(null, "", url);
    }, state.playing ? 0 : URL_SETTLE_MS);
    return () => clearTimeout(timer);
    // While playing, once per second of recording.
  }, [ready, state.playing, state.playing ? Math.floor(state.time) : state.time]); // eslint-disable-line react-hooks/exhaustive-deps

  const breakAt = outline?.chainBreak ?? (chain.status === "INVALID" && chain.firstBadSeq !== null ? { seq: chain.firstBadSeq, time: Infinity } : null);

  return (
    <section ref={root} className="player" data-testid="player" data-status={state.status} data-speed={state.speed} aria-label="Session replay">
      <div className="pl-bar">
        <ChainChip chain={chain} onJump={(seq) => seek({ seq }, "chain")} />
        <span className="pl-spacer" />
        <ExportButtons sessionId={sessionId} />
        <Shortcuts />
      </div>
      <div className="pl-body">
        <div className="pl-stage">
          <div className="pl-screen-wrap">
            {breakAt !== null && state.seq >= breakAt.seq && (
              <div className="pl-untrusted-note" role="status">
                Events from seq {breakAt.seq} on fail chain verification
              </div>
            )}
            <div ref={screen} className="pl-screen" data-testid="player-terminal" />
            {state.status === "error" && (
              <div className="pl-overlay error-text" role="alert">
                Replay failed: {state.error}
              </div>
            )}
          </div>
          <div className="pl-controls">
            <button type="button" className="pl-play" data-testid="player-play" aria-label={state.playing ? "Pause" : "Play"} aria-pressed={state.playing} onClick={() => engineRef.current?.toggle()}>
              {state.playing ? <PauseIcon /> : <PlayIcon />}
            </button>
            <button type="button" className="pl-icon" aria-label="Previous frame (,)" title="Previous frame (,)" onClick={() => void engineRef.current?.stepBack()}>
              <StepIcon back />
            </button>
            <button type="button" className="pl-icon" aria-label="Next frame (.)" title="Next frame (.)" onClick={() => void engineRef.current?.stepForward()}>
              <StepIcon />
            </button>
            <span className="pl-clock" data-testid="player-clock">
              {formatClock(state.time)} <span className="faint">/ {formatClock(scale.duration)}</span>
            </span>
            <span className={`pl-state ${state.status}`}>{state.status === "buffering" ? "buffering…" : state.status === "loading" ? "loading…" : state.status === "ended" ? "end" : ""}</span>
            <span className="pl-spacer" />
            <label className="pl-field">
              Speed
              <select data-testid="player-speed" value={state.speed} onChange={(e) => engineRef.current?.setSpeed(Number(e.target.value))}>
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            <label className="pl-field" title="Idle gaps longer than this are shortened, in playback and on the timeline">
              Idle cap
              <select data-testid="player-idle" value={state.idleCap ?? "off"} onChange={(e) => engineRef.current?.setIdleCap(e.target.value === "off" ? null : Number(e.target.value))}>
                {IDLE_CAPS.map((c) => (
                  <option key={c ?? "off"} value={c ?? "off"}>
                    {c === null ? "off" : `${c} s`}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Timeline scale={scale} time={state.time} entries={entries} chainBreak={outline?.chainBreak ?? null} onSeek={(time, at) => seek({ time }, "timeline", at)} onJump={jump} />
        </div>
        <SidePanel sessionId={sessionId} entries={entries} indexing={!outline?.complete} seq={state.seq} searchInput={searchInput} onJump={jump} onHit={onHit} />
      </div>
    </section>
  );
}

let charRatio = 0;

/** Sets the font size at which `cols` columns fill `stage` (a wider terminal scrolls at FONT_MIN). */
function fitFont(term: Terminal, cols: number, stage: HTMLElement | null) {
  if (!stage) return;
  if (!charRatio) {
    const ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) return;
    ctx.font = `100px ${FONT_FAMILY}`;
    charRatio = ctx.measureText("W").width / 100 || 0.6;
  }
  const style = getComputedStyle(stage);
  const width = stage.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const size = Math.min(FONT_MAX, Math.max(FONT_MIN, Math.floor((width / (cols * charRatio)) * 2) / 2));
  if (term.options.fontSize !== size) term.options.fontSize = size;
}

function ChainChip({ chain, onJump }: { chain: ChainStatus; onJump(seq: number): void }) {
  if (chain.status === "VALID") {
    return (
      <span className="pl-chain ok" data-testid="player-chain">
        ✓ Chain verified through seq {chain.verifiedThroughSeq}
      </span>
    );
  }
  if (chain.status === "INVALID" && chain.firstBadSeq !== null) {
    return (
      <span className="pl-chain bad" data-testid="player-chain">
        ✗ Chain broken at seq {chain.firstBadSeq}
        <button type="button" data-testid="player-chain-jump" onClick={() => onJump(chain.firstBadSeq!)}>
          Jump to seq {chain.firstBadSeq}
        </button>
      </span>
    );
  }
  return (
    <span className="pl-chain warn" data-testid="player-chain">
      {chain.status === "UNVERIFIABLE" ? "Chain could not be verified" : "Chain not verified yet"}
    </span>
  );
}

/** Plain form posts: the browser downloads the answer, and the export is audited server-side. */
function ExportButtons({ sessionId }: { sessionId: string }) {
  return (
    <span className="pl-exports">
      <span className="dim">Export</span>
      <form method="post" action={`/api/console/sessions/${sessionId}/export?format=asciicast`}>
        <button type="submit" data-testid="player-export-cast" title="asciicast v2, masked; plays in asciinema">
          asciicast
        </button>
      </form>
      <form method="post" action={`/api/console/sessions/${sessionId}/export?format=text`}>
        <button type="submit" data-testid="player-export-text" title="Plain-text transcript, masked, without escape codes">
          Transcript
        </button>
      </form>
    </span>
  );
}

const SHORTCUTS: [string, string][] = [
  ["Space", "play / pause"],
  ["← →", "back / forward 5 s (Shift: 30 s)"],
  ["[ ]", "previous / next marker"],
  ["0 – 9", "jump to 0 – 90 %"],
  [", .", "previous / next frame"],
  ["/", "search"],
];

function Shortcuts() {
  return (
    <details className="pl-help">
      <summary>Shortcuts</summary>
      <dl>
        {SHORTCUTS.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

const PlayIcon = () => (
  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
    <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
  </svg>
);
const PauseIcon = () => (
  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
    <path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" fill="currentColor" />
  </svg>
);
const StepIcon = ({ back }: { back?: boolean }) => (
  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" style={back ? { transform: "scaleX(-1)" } : undefined}>
    <path d="M3 3v10l7-5zM11 3h2v10h-2z" fill="currentColor" />
  </svg>
);
