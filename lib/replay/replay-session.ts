import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { AppError } from "@/lib/http/app-error";
import { assertSessionId } from "@/lib/ingest/sessions";

/** A terminal without a recorded size gets the classic one. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;

/**
 * What replay needs to know of a session. It carries none of the collector's free text (title,
 * host, …): nothing on the replay path shows it, and what is not read cannot leak unmasked.
 * Whoever shows it reads maskedSessionMetadata.
 */
export interface ReplaySession {
  id: string;
  cols: number;
  rows: number;
  startedAt: Date;
  ended: boolean;
  lastSeq: number;
  /** The time of the last event, as recorded. */
  lastTime: number;
}

/** A session's metadata for replay (no event content). 404 for an unknown or malformed id. */
export async function loadReplaySession(db: Queryable, id: string): Promise<ReplaySession> {
  assertSessionId(id);
  const [row] = await queryRows<{ cols: number | null; rows: number | null; started_at: Date | string; ended_at: Date | string | null; seq: number | string; last_time: number }>(
    db,
    sql`select s.cols, s.rows, s.started_at, s.ended_at, h.seq, h.last_time from sessions s join chain_heads h on h.chain_id = s.id where s.id = ${id}`,
  );
  if (!row) throw new AppError("not_found", "no such session");
  return {
    id,
    cols: row.cols ?? DEFAULT_COLS,
    rows: row.rows ?? DEFAULT_ROWS,
    startedAt: new Date(row.started_at),
    ended: row.ended_at !== null,
    lastSeq: Number(row.seq),
    lastTime: Number(row.last_time),
  };
}
