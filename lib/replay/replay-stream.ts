import "server-only";
import { describeError } from "@/lib/http/log-error";
import type { Queryable } from "@/db/client";
import { recordSessionRead } from "@/lib/audit/record-read";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { nearestKeyframe } from "./keyframes";
import { maskedEventPages, terminalData } from "./masked-events";
import { loadReplaySession } from "./replay-session";
import type { ReplayEvent, ReplayLine, ReplayStart } from "./replay-types";

/**
 * What a replay request asks for: the screen at a time or after a seq (from the nearest
 * keyframe), or the events that continue an earlier response (`after` its last seq, whose
 * replay time was `from`).
 */
export type ReplayRequest = { time: number } | { seq: number } | { after: number; from: number };

/**
 * A response carries the events up to its target and then this much terminal text (a seek) or
 * CHUNK_CHARS (a continuation), then ends with `more`. Bounded responses keep the server's work
 * proportional to what is played: a player that is closed or seeks elsewhere leaves nothing
 * reading on the server, whatever the network buffers hold.
 */
export const SEEK_AHEAD_CHARS = 32 * 1024;
export const CHUNK_CHARS = 1024 * 1024;
/**
 * Pages are small: a keyframe is at most KEYFRAME_SECONDS or KEYFRAME_CHARS before its target,
 * usually a few dozen events, and the frame renders as soon as those arrive; a seek that replaces
 * this one waits at most for the page being read to finish.
 */
const FIRST_PAGE = 40;
const PAGE = 100;

/**
 * A session's masked replay as NDJSON (see ReplayLine): a start (a keyframe, or the session's
 * beginning), events in seq order, and an end saying whether more follow. Needs analyst.
 */
export async function openReplayStream(db: Queryable, params: { viewer: Viewer | null; id: string; request: ReplayRequest }): Promise<ReadableStream<Uint8Array>> {
  assertRole(params.viewer, "analyst");
  const session = await loadReplaySession(db, params.id);
  await recordSessionRead(db, { actor: actorOf(params.viewer), sessionId: session.id, via: "replay" });
  const request = params.request;
  const fromStart: ReplayStart = { kind: "start", seq: 0, time: 0, cols: session.cols, rows: session.rows, screen: null };
  const start: ReplayStart =
    "after" in request
      ? { ...fromStart, seq: Math.min(request.after, session.lastSeq), time: request.from }
      : ((await nearestKeyframe(db, session.id, request)) ?? fromStart);
  const limit = "after" in request ? CHUNK_CHARS : SEEK_AHEAD_CHARS;
  const beyondTarget = (e: ReplayEvent) => ("after" in request ? true : "time" in request ? e.time > request.time : e.seq > request.seq);

  const pages = maskedEventPages(db, session.id, start, { firstPage: FIRST_PAGE, pageSize: PAGE });
  const encoder = new TextEncoder();
  const encode = (lines: ReplayLine[]) => encoder.encode(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  let last = { seq: start.seq, time: start.time };
  let ahead = 0;
  let reached = false;
  // A seek cancels the stream it replaces, often while a page is being read.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encode([start]));
    },
    async pull(controller) {
      try {
        const next = await pages.next();
        if (cancelled) return;
        const lines: ReplayLine[] = [];
        let full = false;
        for (const e of next.done ? [] : next.value) {
          reached ||= beyondTarget(e);
          if (reached) ahead += terminalData(e)?.length ?? 0;
          lines.push({ kind: "event", ...e });
          last = { seq: e.seq, time: e.time };
          if (ahead >= limit) {
            full = true;
            break;
          }
        }
        const more = full && last.seq < session.lastSeq;
        if (next.done || full) lines.push({ kind: "end", ...last, more });
        if (lines.length > 0) controller.enqueue(encode(lines));
        if (next.done || full) {
          controller.close();
          await pages.return(undefined);
        }
      } catch (err) {
        if (cancelled) return;
        console.error(`flightlog: replay stream of session ${session.id} failed: ${describeError(err)}`);
        controller.error(new Error("the replay stream failed"));
      }
    },
    async cancel() {
      cancelled = true;
      await pages.return(undefined);
    },
  });
}

/** `?t=SECONDS`, `?seq=N` or `?after=N&from=SECONDS`; the start of the session when none is given. */
export function parseReplayRequest(query: URLSearchParams): ReplayRequest {
  const number = (name: string) => {
    const n = Number(query.get(name));
    return query.has(name) && Number.isFinite(n) && n >= 0 ? n : null;
  };
  const after = number("after");
  if (after !== null && Number.isSafeInteger(after)) return { after, from: number("from") ?? 0 };
  const seq = number("seq");
  if (seq !== null && Number.isSafeInteger(seq)) return { seq };
  return { time: number("t") ?? 0 };
}
