import "server-only";
import { describeError } from "@/lib/http/log-error";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { keyframes } from "@/db/schema";
import { DEFAULT_MAX_HOLD, RULESET_VERSION } from "@/lib/redact";
import { readMaskedEventRange } from "@/lib/sessions/session-events";
import { HeadlessScreen } from "./headless-screen";
import { maskedEventPages, terminalData, type Cursor } from "./masked-events";
import { OutlineSpan } from "./outline-entries";
import { loadReplaySession } from "./replay-session";
import type { Gap, OutlineEntry, ReplayStart } from "./replay-types";

// Keyframes are a cache of the masked replay: row (session, seq) holds the terminal after
// event seq, serialized, plus the outline (entries and idle gaps) of the events since the
// previous keyframe. A seek starts from the nearest keyframe and replays only what follows;
// the outline of a session is the concatenation of its keyframes' spans. Rows are rebuilt
// whenever their version (see keyframeVersion) changes, and may be deleted at any time.

/** A keyframe after this many seconds of replay time, or this much terminal output. */
export const KEYFRAME_SECONDS = 4;
export const KEYFRAME_CHARS = 64 * 1024;

/**
 * Masking of an event is settled once this much terminal text follows it: the masker reads
 * DEFAULT_MAX_HOLD characters of context after a page, and a mask may be shorter than what it
 * hides, hence twice as much. Keyframes of a live session stop that far before its tail, so a
 * secret whose second half has not arrived yet never enters the cache.
 */
const SETTLED_CHARS = 2 * DEFAULT_MAX_HOLD;

/** The state column's JSON. */
interface KeyframeState {
  screen: string;
  entries: OutlineEntry[];
  gaps: Gap[];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * What every keyframe depends on: this format, the emulator and serializer that wrote it, and
 * the masking rules that cleaned its input. A change to any of them retires the cached rows.
 */
export const KEYFRAME_VERSION = [
  "replay-kf/2",
  `xterm-headless@${packageVersion("@xterm/headless")}`,
  `addon-serialize@${packageVersion("@xterm/addon-serialize")}`,
  `rules@${RULESET_VERSION}`,
].join(" ");

/**
 * The version of a session's keyframes: KEYFRAME_VERSION, plus a digest of the values the
 * session registered for exact masking. Registering one later changes what masked output
 * looks like, so rows built before it are never read again (and are deleted by the next build).
 */
export async function keyframeVersion(db: Queryable, sessionId: string): Promise<string> {
  const rows = await queryRows<{ fingerprint: string }>(
    db,
    sql`select encode(fingerprint, 'hex') as fingerprint from session_known_values where session_id = ${sessionId} order by 1`,
  );
  if (rows.length === 0) return KEYFRAME_VERSION;
  const digest = createHash("sha256").update(rows.map((r) => r.fingerprint).join(",")).digest("hex").slice(0, 12);
  return `${KEYFRAME_VERSION} known@${digest}`;
}

export interface BuildResult {
  /** Keyframes written by this build. */
  written: number;
  /** The outline is cached through this seq. */
  throughSeq: number;
}

/**
 * Extends a session's keyframes to its settled end: all events of an ended session, or of a
 * live one up to SETTLED_CHARS before its tail. Incremental: it resumes from the newest cached
 * keyframe. Reads masked events only, so no keyframe ever holds a secret.
 */
export async function buildKeyframes(db: Queryable, sessionId: string): Promise<BuildResult> {
  const session = await loadReplaySession(db, sessionId);
  const version = await keyframeVersion(db, sessionId);
  await db.execute(sql`delete from keyframes where session_id = ${sessionId} and version <> ${version}`);
  const last = await nearestKeyframe(db, sessionId, { seq: Number.MAX_SAFE_INTEGER });
  const from: Cursor = { seq: last?.seq ?? 0, time: last?.time ?? 0 };
  const through = session.ended ? session.lastSeq : await settledSeq(db, sessionId, session.lastSeq);
  if (through <= from.seq) return { written: 0, throughSeq: from.seq };

  const screen = new HeadlessScreen(last?.cols ?? session.cols, last?.rows ?? session.rows);
  let written = 0;
  try {
    if (last?.screen) await screen.restore(last.screen);
    const span = new OutlineSpan(from.time);
    let spanStart = from.time;
    let chars = 0;
    for await (const page of maskedEventPages(db, sessionId, from, { throughSeq: through })) {
      const rows: (typeof keyframes.$inferInsert)[] = [];
      for (const e of page) {
        span.add(e);
        await screen.apply(e);
        if (e.type === "output") chars += terminalData(e)?.length ?? 0;
        if (e.seq === through || e.time - spanStart >= KEYFRAME_SECONDS || chars >= KEYFRAME_CHARS) {
          const state: KeyframeState = { screen: await screen.snapshot(), ...span.take() };
          rows.push({ sessionId, seq: e.seq, time: e.time, cols: screen.cols, rows: screen.rows, state: JSON.stringify(state), version });
          spanStart = e.time;
          chars = 0;
        }
      }
      // Another server process may be building the same keyframes: the first write wins, and
      // both computed the same rows.
      if (rows.length > 0) await db.insert(keyframes).values(rows).onConflictDoNothing();
      written += rows.length;
    }
  } finally {
    screen.dispose();
  }
  return { written, throughSeq: through };
}

/** The last seq of a live session whose masking is settled (see SETTLED_CHARS). */
async function settledSeq(db: Queryable, sessionId: string, lastSeq: number): Promise<number> {
  let following = 0;
  let before = lastSeq;
  while (before > 0) {
    const from = Math.max(0, before - 256);
    const { events } = await readMaskedEventRange(db, sessionId, from, before - from);
    for (let i = events.length - 1; i >= 0; i--) {
      if (following >= SETTLED_CHARS) return events[i].seq;
      const data = events[i].body.data;
      if (typeof data === "string") following += data.length;
    }
    before = from;
  }
  return 0;
}

/** The newest keyframe at or before a time or a seq, as the start of a replay stream. */
export async function nearestKeyframe(db: Queryable, sessionId: string, target: { time: number } | { seq: number }): Promise<ReplayStart | null> {
  const version = await keyframeVersion(db, sessionId);
  const at = "seq" in target ? sql`seq <= ${target.seq}` : sql`time <= ${target.time}`;
  // Find the row first, then unpack only its screen: the planner would otherwise parse the state
  // of every candidate row before picking one.
  const [row] = await queryRows<{ seq: number | string; time: number; cols: number; rows: number; screen: string }>(
    db,
    sql`select seq, time, cols, rows, state::json ->> 'screen' as screen from keyframes
        where session_id = ${sessionId} and seq = (
          select max(seq) from keyframes where session_id = ${sessionId} and version = ${version} and ${at})`,
  );
  return row ? { kind: "start", seq: Number(row.seq), time: Number(row.time), cols: row.cols, rows: row.rows, screen: row.screen } : null;
}

/** The cached outline: every keyframe's span, in order. */
export async function readKeyframeOutline(db: Queryable, sessionId: string): Promise<{ through: Cursor; entries: OutlineEntry[]; gaps: Gap[]; maxCols: number }> {
  const version = await keyframeVersion(db, sessionId);
  const rows = await queryRows<{ seq: number | string; time: number; cols: number; span: string }>(
    db,
    sql`select seq, time, cols, (state::jsonb - 'screen')::text as span from keyframes
        where session_id = ${sessionId} and version = ${version} order by seq`,
  );
  const entries: OutlineEntry[] = [];
  const gaps: Gap[] = [];
  let maxCols = 0;
  for (const r of rows) {
    maxCols = Math.max(maxCols, r.cols);
    const span = JSON.parse(r.span) as Omit<KeyframeState, "screen">;
    for (const e of span.entries) entries.push(e);
    for (const g of span.gaps) gaps.push(g);
  }
  const last = rows[rows.length - 1];
  return { through: last ? { seq: Number(last.seq), time: Number(last.time) } : { seq: 0, time: 0 }, entries, gaps, maxCols };
}

const BUILDS = Symbol.for("flightlog.keyframeBuilds");
type Holder = { [BUILDS]?: Map<string, Promise<void>> };

function builds(): Map<string, Promise<void>> {
  return ((globalThis as Holder)[BUILDS] ??= new Map());
}

/**
 * Builds a session's keyframes in the background, once at a time per process; callers may
 * await it. A failure is logged and leaves the cache as it was: replay still works, only
 * slower, and the next read tries again.
 */
export function warmKeyframes(db: Queryable, sessionId: string): Promise<void> {
  const running = builds().get(sessionId);
  if (running) return running;
  const build = buildKeyframes(db, sessionId)
    .then(
      () => undefined,
      (err) => console.error(`flightlog: keyframes for session ${sessionId} failed: ${describeError(err)}`),
    )
    .finally(() => builds().delete(sessionId));
  builds().set(sessionId, build);
  return build;
}

export function isBuildingKeyframes(sessionId: string): boolean {
  return builds().has(sessionId);
}
