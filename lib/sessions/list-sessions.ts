import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { assertRole, type Viewer } from "@/lib/auth/viewer";
import { loadKnownValuesFor } from "@/lib/secrets/known-values";
import { maskSessionFields } from "./mask-metadata";

export interface ChainStatus {
  status: "VALID" | "INVALID" | "UNVERIFIABLE" | "UNVERIFIED";
  firstBadSeq: number | null;
  verifiedThroughSeq: number | null;
  reason: string | null;
  verifiedAt: string | null;
}

export interface SessionSummary {
  id: string;
  agent: string;
  service: string | null;
  host: string | null;
  title: string | null;
  startedAt: string;
  endedAt: string | null;
  /** The recording's length: the time of its last event. */
  durationSeconds: number;
  eventCount: number;
  demo: boolean;
  chain: ChainStatus;
}

export const LIST_LIMIT = 200;

/**
 * The newest sessions, with each one's latest verification verdict, their free text masked
 * under each session's own known values. Needs analyst.
 */
export async function listSessions(db: Queryable, params: { viewer: Viewer | null; limit?: number }): Promise<SessionSummary[]> {
  assertRole(params.viewer, "analyst");
  const limit = Math.min(Math.max(params.limit ?? 100, 1), LIST_LIMIT);
  const rows = await queryRows<{
    id: string;
    agent: string;
    service: string | null;
    host: string | null;
    title: string | null;
    started_at: Date | string;
    ended_at: Date | string | null;
    demo: boolean;
    events: number | string;
    last_time: number;
    status: ChainStatus["status"] | null;
    first_bad_seq: number | string | null;
    verified_through_seq: number | string | null;
    reason: string | null;
    verified_at: Date | string | null;
  }>(
    db,
    sql`select s.id, a.name as agent, s.service, s.host, s.title, s.started_at, s.ended_at, s.demo, h.seq as events, h.last_time,
               v.status, v.first_bad_seq, v.verified_through_seq, v.reason, v.verified_at
        from sessions s
        join agents a on a.id = s.agent_id
        join chain_heads h on h.chain_id = s.id
        left join lateral (
          select status, first_bad_seq, verified_through_seq, reason, verified_at from chain_verifications cv
          where cv.chain_id = s.id order by verified_at desc limit 1
        ) v on true
        order by s.started_at desc, s.id
        limit ${limit}`,
  );
  const knownValues = await loadKnownValuesFor(db, rows.map((r) => r.id));
  return rows.map((row) => {
    // The whole row, so that a column added to the select is masked without a second list.
    const r = maskSessionFields(row, { knownValues: knownValues.get(row.id) ?? [] });
    const started = new Date(r.started_at);
    const ended = r.ended_at ? new Date(r.ended_at) : null;
    return {
      id: r.id,
      agent: r.agent,
      service: r.service,
      host: r.host,
      title: r.title,
      startedAt: started.toISOString(),
      endedAt: ended?.toISOString() ?? null,
      durationSeconds: Number(r.last_time),
      eventCount: Number(r.events),
      demo: r.demo,
      chain: chainStatusOf(r),
    };
  });
}

export function chainStatusOf(r: {
  status: ChainStatus["status"] | null;
  first_bad_seq: number | string | null;
  verified_through_seq: number | string | null;
  reason: string | null;
  verified_at: Date | string | null;
}): ChainStatus {
  if (!r.status) return { status: "UNVERIFIED", firstBadSeq: null, verifiedThroughSeq: null, reason: null, verifiedAt: null };
  return {
    status: r.status,
    firstBadSeq: r.first_bad_seq === null ? null : Number(r.first_bad_seq),
    verifiedThroughSeq: r.verified_through_seq === null ? null : Number(r.verified_through_seq),
    reason: r.reason,
    verifiedAt: r.verified_at ? new Date(r.verified_at).toISOString() : null,
  };
}
