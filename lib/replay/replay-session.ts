import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { AppError } from "@/lib/http/app-error";
import { assertSessionId } from "@/lib/ingest/sessions";

/** A terminal without a recorded size gets the classic one. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;

export interface ReplaySession {
  id: string;
  title: string | null;
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
  const [row] = await queryRows<{ title: string | null; cols: number | null; rows: number | null; started_at: Date | string; ended_at: Date | string | null; seq: number | string; last_time: number }>(
    db,
    sql`select s.title, s.cols, s.rows, s.started_at, s.ended_at, h.seq, h.last_time from sessions s join chain_heads h on h.chain_id = s.id where s.id = ${id}`,
  );
  if (!row) throw new AppError("not_found", "no such session");
  return {
    id,
    title: row.title,
    cols: row.cols ?? DEFAULT_COLS,
    rows: row.rows ?? DEFAULT_ROWS,
    startedAt: new Date(row.started_at),
    ended: row.ended_at !== null,
    lastSeq: Number(row.seq),
    lastTime: Number(row.last_time),
  };
}
