// The replay API's wire formats and limits, shared by the server (lib/replay) and the browser
// player (components/player). No imports: the player bundles this file.

/** A masked event as the player receives it. `time` never decreases along a replay stream. */
export interface ReplayEvent {
  seq: number;
  time: number;
  type: string;
  body: Record<string, unknown>;
}

/**
 * The first line of a replay stream: where it starts. `screen` is a keyframe (the serialized
 * terminal after event `seq`, to be written into a reset terminal of `cols`×`rows`), or null
 * when the stream starts at the beginning of the session.
 */
export interface ReplayStart {
  kind: "start";
  seq: number;
  time: number;
  cols: number;
  rows: number;
  screen: string | null;
}

/**
 * One line of an NDJSON replay response: a start, events in seq order, then an end. `more`
 * says the session goes on: ask for `?after=seq&from=time` to continue.
 */
export type ReplayLine = ReplayStart | ({ kind: "event" } & ReplayEvent) | { kind: "end"; seq: number; time: number; more: boolean };

/** Timeline lanes; "event" entries appear only in the side panel. */
export type Lane = "command" | "marker" | "finding" | "approval" | "event";

/**
 * A structured moment of a session: a command, tool call, marker, secret finding, approval…
 * `offset` (terminal events only) is where in the event's data the moment's line ends, so a
 * jump can stop mid-event with that line still on screen.
 */
export interface OutlineEntry {
  seq: number;
  time: number;
  lane: Lane;
  type: string;
  label: string;
  offset?: number;
}

/** An idle gap: `[start, length]` in seconds, between two consecutive events. */
export type Gap = [number, number];

/** Everything the timeline and the side panel need, without the terminal data. */
export interface ReplayOutline {
  duration: number;
  /** The widest the terminal gets (keyframes record every size), so the player sizes its font once. */
  maxCols: number;
  lastSeq: number;
  entries: OutlineEntry[];
  /** Gaps of at least MIN_IDLE_GAP seconds; the player compresses those above its idle cap. */
  gaps: Gap[];
  /** False while keyframes are still being built: entries and gaps cover events up to indexedThroughSeq. */
  complete: boolean;
  indexedThroughSeq: number;
  /** Where a verified chain broke, so the timeline can mark everything after it as untrusted. */
  chainBreak: { seq: number; time: number } | null;
}

/** A line of masked output (or a structured event) that matches a search. */
export interface SearchHit {
  seq: number;
  /** Terminal hits: where in event `seq`'s data the matching line ends. */
  offset: number | null;
  time: number;
  type: string;
  text: string;
  /** The match inside `text`: [start, end). */
  match: [number, number];
}

export interface SearchResult {
  hits: SearchHit[];
  /** More hits exist than were returned. */
  truncated: boolean;
}

export const EXPORT_FORMATS = ["asciicast", "text"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The shortest gap listed in an outline, and so the smallest idle cap the player offers. */
export const MIN_IDLE_GAP = 0.5;

/**
 * Terminal sizes the player honours. The protocol accepts up to 10,000×10,000, which no screen
 * shows and which would cost the server and the browser gigabytes of cells; larger sizes are
 * clamped (the same way on both sides, so keyframes and the player agree).
 */
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

export function clampSize(cols: unknown, rows: unknown): { cols: number; rows: number } {
  const clamp = (v: unknown, max: number, fallback: number) => (typeof v === "number" && Number.isInteger(v) && v >= 1 ? Math.min(v, max) : fallback);
  return { cols: clamp(cols, MAX_COLS, 80), rows: clamp(rows, MAX_ROWS, 24) };
}

/**
 * The replay stream's URL for a seek. The session page preloads the first one while the player's
 * script is still loading, so both must spell it the same way.
 */
export function replayUrl(sessionId: string, target: { time: number } | { seq: number }): string {
  return `/api/console/sessions/${sessionId}/replay?${"time" in target ? `t=${target.time}` : `seq=${target.seq}`}`;
}
