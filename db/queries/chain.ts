import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { ChainEntry } from "@/lib/chain";
import { genesisHash } from "@/lib/chain";
import { auditLog, chainHeads, events } from "../schema";
import { queryRows, type Queryable } from "../client";

export interface HeadRow {
  seq: number;
  headHash: Buffer;
  lastTime: number;
}

/** Creates a chain's head at its genesis. */
export async function createHead(tx: Queryable, chainId: string, kind: "session" | "audit"): Promise<void> {
  await tx
    .insert(chainHeads)
    .values({ chainId, kind, seq: 0, headHash: genesisHash(chainId), lastTime: 0 })
    .onConflictDoNothing();
}

/** Locks a chain's head row for the rest of the transaction. Appends to other chains proceed. */
export async function lockHead(tx: Queryable, chainId: string): Promise<HeadRow | null> {
  const rows = await tx
    .select({ seq: chainHeads.seq, headHash: chainHeads.headHash, lastTime: chainHeads.lastTime })
    .from(chainHeads)
    .where(eq(chainHeads.chainId, chainId))
    .for("update");
  return rows[0] ?? null;
}

export async function advanceHead(tx: Queryable, chainId: string, head: { seq: number; headHash: Uint8Array; lastTime: number }): Promise<void> {
  await tx
    .update(chainHeads)
    .set({ seq: head.seq, headHash: Buffer.from(head.headHash), lastTime: head.lastTime, updatedAt: sql`now()` })
    .where(eq(chainHeads.chainId, chainId));
}

export async function readHead(db: Queryable, chainId: string): Promise<(HeadRow & { loggedSeq: number }) | null> {
  const rows = await db
    .select({ seq: chainHeads.seq, headHash: chainHeads.headHash, lastTime: chainHeads.lastTime, loggedSeq: chainHeads.loggedSeq })
    .from(chainHeads)
    .where(eq(chainHeads.chainId, chainId));
  return rows[0] ?? null;
}

export interface EventRow extends ChainEntry {
  time: number;
  type: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Inserts chained events in one statement: one JSON parameter, so both drivers take it alike. */
export async function insertEvents(tx: Queryable, sessionId: string, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((r) => ({ s: r.seq, t: r.time, k: r.type, b: r.body, bh: hex(r.bodyHash), ph: hex(r.prevHash), eh: hex(r.entryHash) })),
  );
  await tx.execute(sql`
    insert into events (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash)
    select ${sessionId}::uuid, x.s, x.t, x.k, x.b, decode(x.bh, 'hex'), decode(x.ph, 'hex'), decode(x.eh, 'hex')
    from json_to_recordset(${payload}::json) as x(s bigint, t float8, k text, b text, bh text, ph text, eh text)`);
}

/** Stored events in [fromSeq, toSeq], for replay comparison. */
export async function readEventHashes(db: Queryable, sessionId: string, fromSeq: number, toSeq: number) {
  return queryRows<{ seq: number | string; time: number; body_hash: Buffer | Uint8Array }>(
    db,
    sql`select seq, time, body_hash from events where session_id = ${sessionId} and seq between ${fromSeq} and ${toSeq} order by seq`,
  );
}

/** A page of a chain's entries after `afterSeq`, in order. */
export async function readChainPage(
  db: Queryable,
  chain: { kind: "session" | "audit"; chainId: string },
  afterSeq: number,
  limit: number,
): Promise<ChainEntry[]> {
  if (chain.kind === "audit") {
    return db
      .select({ seq: auditLog.seq, body: auditLog.body, bodyHash: auditLog.bodyHash, prevHash: auditLog.prevHash, entryHash: auditLog.entryHash })
      .from(auditLog)
      .where(gt(auditLog.seq, afterSeq))
      .orderBy(asc(auditLog.seq))
      .limit(limit);
  }
  return db
    .select({ seq: events.seq, body: events.body, bodyHash: events.bodyHash, prevHash: events.prevHash, entryHash: events.entryHash })
    .from(events)
    .where(and(eq(events.sessionId, chain.chainId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
}
