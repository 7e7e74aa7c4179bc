import "server-only";
import type { Queryable } from "@/db/client";
import { readMaskedEventRange } from "@/lib/sessions/session-events";
import type { ReplayEvent } from "./replay-types";

export interface Cursor {
  /** Events after this seq. */
  seq: number;
  /** The replay time at `seq` (0 at the start). */
  time: number;
}

/**
 * A session's masked events after `from`, page by page, in seq order. Every read goes through
 * readMaskedEventRange, the one path by which event content leaves the database; callers check
 * the reader's role first. `time` is the replay time: made non-decreasing, because collectors
 * may send an event stamped earlier than the one before it (a command reported after its
 * output, say), and playback follows seq order. The recorded time stays in `body.time`.
 */
export async function* maskedEventPages(
  db: Queryable,
  sessionId: string,
  from: Cursor,
  options: { firstPage?: number; pageSize?: number; throughSeq?: number } = {},
): AsyncGenerator<ReplayEvent[]> {
  const pageSize = options.pageSize ?? 1000;
  let limit = options.firstPage ?? pageSize;
  let after = from.seq;
  let time = from.time;
  for (;;) {
    const page = await readMaskedEventRange(db, sessionId, after, limit);
    const events: ReplayEvent[] = [];
    for (const e of page.events) {
      if (options.throughSeq !== undefined && e.seq > options.throughSeq) break;
      time = Math.max(time, e.time);
      // The stored body repeats the type; it keeps the recorded time, which the outline shows.
      const { type: _type, ...body } = e.body;
      events.push({ seq: e.seq, time, type: e.type, body });
    }
    if (events.length > 0) yield events;
    // A page may come back empty where events are missing (a tampered chain): go on past it.
    if (page.next_after === null || (options.throughSeq !== undefined && page.next_after >= options.throughSeq)) return;
    after = page.next_after;
    limit = pageSize;
  }
}

/** The terminal text of an event, if it has any. */
export function terminalData(e: ReplayEvent): string | null {
  return (e.type === "output" || e.type === "input") && typeof e.body.data === "string" ? e.body.data : null;
}
