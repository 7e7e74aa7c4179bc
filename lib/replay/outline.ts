import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { recordSessionRead } from "@/lib/audit/record-read";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { fingerprintHex } from "@/lib/secrets/fingerprint";
import { loadKnownValues } from "@/lib/secrets/known-values";
import { maskValue } from "@/lib/sessions/mask-events";
import { latestChainStatus } from "@/lib/sessions/view-session";
import { isBuildingKeyframes, readKeyframeOutline, warmKeyframes } from "./keyframes";
import { maskedEventPages } from "./masked-events";
import { OutlineSpan } from "./outline-entries";
import { loadReplaySession } from "./replay-session";
import { clampSize, type OutlineEntry, type ReplayOutline } from "./replay-types";

/** How long an outline request waits for a keyframe build before answering with what is cached. */
const BUILD_WAIT_MS = 400;
/** Events after the cache read live for an outline (a live session's unsettled tail). */
const TAIL_MAX = 5000;

/**
 * The timeline of a session for the player: structured entries, secret findings, approvals,
 * idle gaps and where the chain broke. Needs analyst. Reading it warms the session's keyframes;
 * while they are being built the outline is partial (`complete: false`) and the player asks again.
 */
export async function readReplayOutline(db: Queryable, params: { viewer: Viewer | null; id: string }): Promise<ReplayOutline> {
  assertRole(params.viewer, "analyst");
  const session = await loadReplaySession(db, params.id);
  const id = session.id;
  await recordSessionRead(db, { actor: actorOf(params.viewer), sessionId: id, via: "outline" });
  await Promise.race([warmKeyframes(db, id), new Promise((resolve) => setTimeout(resolve, BUILD_WAIT_MS))]);
  const building = isBuildingKeyframes(id);

  const cached = await readKeyframeOutline(db, id);
  const entries = cached.entries;
  const gaps = cached.gaps;
  let through = cached.through;
  let complete = !building;
  let tailCols = 0;
  if (!building && through.seq < session.lastSeq) {
    const span = new OutlineSpan(through.time);
    let read = 0;
    for await (const page of maskedEventPages(db, id, through, { pageSize: 1000 })) {
      for (const e of page) {
        span.add(e);
        if (e.type === "resize") tailCols = Math.max(tailCols, clampSize(e.body.cols, e.body.rows).cols);
      }
      read += page.length;
      through = { seq: page[page.length - 1].seq, time: page[page.length - 1].time };
      if (read >= TAIL_MAX) break;
    }
    const tail = span.take();
    entries.push(...tail.entries);
    gaps.push(...tail.gaps);
    complete = through.seq >= session.lastSeq;
  }

  for (const extra of [...(await indexedFindings(db, id, entries)), ...(await approvals(db, id, session.startedAt))]) entries.push(extra);
  entries.sort((a, b) => a.seq - b.seq || a.time - b.time);

  const chain = await latestChainStatus(db, id);
  const badSeq = chain.status === "INVALID" ? chain.firstBadSeq : null;
  return {
    duration: Math.max(session.lastTime, through.time),
    maxCols: Math.max(session.cols, cached.maxCols, tailCols),
    lastSeq: session.lastSeq,
    entries,
    gaps,
    complete,
    indexedThroughSeq: through.seq,
    chainBreak: badSeq === null ? null : { seq: badSeq, time: await timeAtSeq(db, id, badSeq) },
  };
}

/**
 * Findings from the secret fingerprint index (positions and rule ids only, never a secret),
 * where the masked output did not already show a labelled mask at that event.
 */
async function indexedFindings(db: Queryable, sessionId: string, known: OutlineEntry[]): Promise<OutlineEntry[]> {
  // The first four hex digits of the fingerprint are the ones a mask label shows.
  const rows = await queryRows<{ seq: number | string; rule_id: string; fp: string; time: number }>(
    db,
    sql`select distinct f.seq, f.rule_id, encode(substring(f.fingerprint from 1 for 2), 'hex') as fp, e.time from secret_fingerprints f
        join events e on e.session_id = f.session_id and e.seq = f.seq
        where f.session_id = ${sessionId} order by f.seq`,
  );
  const labelled = new Set(known.filter((e) => e.lane === "finding").map((e) => e.seq));
  return rows
    .filter((r) => !labelled.has(Number(r.seq)))
    .map((r) => ({ seq: Number(r.seq), time: Number(r.time), lane: "finding", type: "finding", label: `${r.rule_id}:${r.fp}` }));
}

/**
 * Approval requests of the session, placed at the last event before each was made. What was
 * asked for is masked like any event text: a command waiting for approval may carry a key.
 */
async function approvals(db: Queryable, sessionId: string, startedAt: Date): Promise<OutlineEntry[]> {
  const rows = await queryRows<{ action: string; status: string; created_at: Date | string }>(
    db,
    sql`select action, status, created_at from approvals where session_id = ${sessionId} order by created_at`,
  );
  if (rows.length === 0) return [];
  const masking = { fingerprint: fingerprintHex, knownValues: await loadKnownValues(db, sessionId) };
  const out: OutlineEntry[] = [];
  for (const r of rows) {
    const time = Math.max(0, (new Date(r.created_at).getTime() - startedAt.getTime()) / 1000);
    const [at] = await queryRows<{ seq: number | string | null }>(db, sql`select max(seq) as seq from events where session_id = ${sessionId} and time <= ${time}`);
    out.push({ seq: Number(at?.seq ?? 0), time, lane: "approval", type: "approval", label: `${r.status}: ${String(maskValue(r.action, masking))}` });
  }
  return out;
}

/** The recorded time of the event at `seq`, or of the last one before it (a gap or a cut tail). */
async function timeAtSeq(db: Queryable, sessionId: string, seq: number): Promise<number> {
  const [row] = await queryRows<{ time: number }>(db, sql`select time from events where session_id = ${sessionId} and seq <= ${seq} order by seq desc limit 1`);
  return Number(row?.time ?? 0);
}
