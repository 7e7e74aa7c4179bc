import "server-only";
import { eq, sql } from "drizzle-orm";
import type { ChainEntry } from "@/lib/chain";
import { genesisHash } from "@/lib/chain";
import { chainHeads } from "../schema";
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

/**
 * A new chain entry. Its hashes are "binary" strings (32 characters, one per byte: see
 * sha256Binary); its prev_hash is the entry hash before it.
 */
export interface NewEntry {
  seq: number;
  time: number;
  /** The time as its body writes it (canonicalNumber), sent as is. */
  timeJson: string;
  type: string;
  body: string;
  bodyHash: string;
  entryHash: string;
}

export interface LockedSession {
  agentId: string;
  castVersion: number;
  cols: number | null;
  rows: number | null;
  endedAt: Date | null;
  /** How many known values the session has registered (most have none: no need to load them). */
  knownValues: number;
  head: HeadRow;
}

/** Loads a session and locks its head row for the rest of the transaction, in one round trip. */
export async function lockSessionHead(tx: Queryable, sessionId: string): Promise<LockedSession | null> {
  const rows = await queryRows<{
    agent_id: string;
    cast_version: number;
    cols: number | null;
    rows: number | null;
    ended_at: Date | string | null;
    seq: number | string;
    head_hash: Uint8Array;
    last_time: number;
    known_values: number;
  }>(
    tx,
    sql`select s.agent_id, s.cast_version, s.cols, s.rows, s.ended_at, h.seq, h.head_hash, h.last_time,
               (select count(*)::int from session_known_values k where k.session_id = s.id) as known_values
        from sessions s join chain_heads h on h.chain_id = s.id
        where s.id = ${sessionId} for update of h`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    agentId: r.agent_id,
    castVersion: r.cast_version,
    cols: r.cols,
    rows: r.rows,
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    knownValues: Number(r.known_values),
    head: { seq: Number(r.seq), headHash: Buffer.from(r.head_hash), lastTime: Number(r.last_time) },
  };
}

// Canonical JSON never holds a raw control character, so these separate bodies unambiguously and
// the database splits them without parsing JSON.
const RECORD_SEPARATOR = "\u001e";

/** Chained events encoded for the append statement: a few long strings, whatever the count. */
export interface EncodedAppend {
  sessionId: string;
  firstSeq: number;
  lastSeq: number;
  lastTime: number;
  /** The last entry hash, base64. */
  head: string;
  bodies: string;
  times: string;
  types: string;
  /** Packed body hashes, base64. */
  bodyHashes: string;
  /** Packed entry hashes from the one before the first event's, base64. */
  entryHashes: string;
}

/**
 * Encodes chained events after the entry hashed `prevHash`. Bodies travel as one text split
 * by the database. Hashes travel as two packed base64 texts: the body hashes, and the entry
 * hashes after `prevHash`, so each row's prev_hash is the entry hash before it and is never
 * sent twice. Both drivers pass these alike.
 */
export function encodeAppend(sessionId: string, prevHash: string, rows: NewEntry[]): EncodedAppend {
  const n = rows.length;
  if (n === 0) throw new Error("nothing to append");
  if (prevHash.length !== 32) throw new Error("hashes must be 32 bytes");
  const bodies: string[] = new Array(n);
  const times: string[] = new Array(n);
  const types: string[] = new Array(n);
  const bodyHashes: string[] = new Array(n);
  const entryHashes: string[] = new Array(n + 1);
  entryHashes[0] = prevHash;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!/^[a-z_]+$/.test(r.type)) throw new Error(`unexpected event type ${r.type}`);
    if (r.seq !== rows[0].seq + i) throw new Error("entries must be consecutive");
    // A wrong length would shift every later hash.
    if (r.bodyHash.length !== 32 || r.entryHash.length !== 32) throw new Error("hashes must be 32 bytes");
    bodies[i] = r.body;
    times[i] = r.timeJson;
    types[i] = r.type;
    bodyHashes[i] = r.bodyHash;
    entryHashes[i + 1] = r.entryHash;
  }
  // base64 is two thirds the size of hex on the wire.
  const base64 = (binary: string) => Buffer.from(binary, "latin1").toString("base64");
  const last = rows[n - 1];
  return {
    sessionId,
    firstSeq: rows[0].seq,
    lastSeq: last.seq,
    lastTime: last.time,
    head: base64(last.entryHash),
    bodies: bodies.join(RECORD_SEPARATOR),
    times: times.join(","),
    types: types.join(","),
    bodyHashes: base64(bodyHashes.join("")),
    entryHashes: base64(entryHashes.join("")),
  };
}

/**
 * Inserts encoded chained events and moves the head past them, in one statement. The hashes
 * are decoded once, in a materialized CTE: a prepared statement's generic plan would
 * otherwise decode them again for every row.
 */
export async function appendChainedEvents(tx: Queryable, e: EncodedAppend): Promise<void> {
  await tx.execute(sql`
    with h as materialized (
      select decode(${e.bodyHashes}::text, 'base64') as b, decode(${e.entryHashes}::text, 'base64') as e
    ), appended as (
      insert into events (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash)
      select ${e.sessionId}::uuid, ${e.firstSeq}::bigint + x.i - 1, x.t, x.k, x.b,
             substring(h.b from (x.i::int - 1) * 32 + 1 for 32), substring(h.e from (x.i::int - 1) * 32 + 1 for 32), substring(h.e from x.i::int * 32 + 1 for 32)
      from unnest(string_to_array(${e.bodies}::text, ${RECORD_SEPARATOR}),
                  string_to_array(${e.times}::text, ',')::float8[],
                  string_to_array(${e.types}::text, ',')) with ordinality as x(b, t, k, i), h
    )
    update chain_heads set seq = ${e.lastSeq}, head_hash = decode(${e.head}::text, 'base64'), last_time = ${e.lastTime}, updated_at = now()
    where chain_id = ${e.sessionId}`);
}

/** Stored events in [fromSeq, toSeq], for replay comparison. */
export async function readEventHashes(db: Queryable, sessionId: string, fromSeq: number, toSeq: number) {
  return queryRows<{ seq: number | string; time: number; body_hash: Buffer | Uint8Array }>(
    db,
    sql`select seq, time, body_hash from events where session_id = ${sessionId} and seq between ${fromSeq} and ${toSeq} order by seq`,
  );
}

/**
 * A chain's entries with fromSeq ≤ seq ≤ toSeq, in order. The three hashes travel as one
 * packed value: one column to decode per row instead of three. A seq range (not OFFSET or
 * LIMIT) keeps the plan an index range scan even before the planner has statistics.
 */
export async function readChainRange(
  db: Queryable,
  chain: { kind: "session" | "audit"; chainId: string },
  fromSeq: number,
  toSeq: number,
): Promise<ChainEntry[]> {
  const query =
    chain.kind === "audit"
      ? sql`select seq, body, body_hash || prev_hash || entry_hash as h from audit_log where seq between ${fromSeq} and ${toSeq} order by seq`
      : sql`select seq, body, body_hash || prev_hash || entry_hash as h from events where session_id = ${chain.chainId} and seq between ${fromSeq} and ${toSeq} order by seq`;
  const rows = await queryRows<{ seq: number | string; body: string; h: Uint8Array }>(db, query);
  return rows.map((r) => {
    const h = Buffer.isBuffer(r.h) ? r.h : Buffer.from(r.h);
    // A column of the wrong length leaves a short hash, which fails its comparison.
    return { seq: Number(r.seq), body: r.body, bodyHash: h.subarray(0, 32), prevHash: h.subarray(32, 64), entryHash: h.subarray(64, 96) };
  });
}

/** The highest stored seq of a chain (0 when empty), whatever its head row says. */
export async function maxStoredSeq(db: Queryable, chain: { kind: "session" | "audit"; chainId: string }): Promise<number> {
  const [row] = await queryRows<{ m: number | string | null }>(
    db,
    chain.kind === "audit" ? sql`select max(seq) as m from audit_log` : sql`select max(seq) as m from events where session_id = ${chain.chainId}`,
  );
  return Number(row?.m ?? 0);
}

/**
 * Every stored entry of a chain, in pages of `pageSize` seqs, the next page read while the
 * caller works on this one. A page may be short or empty where entries are missing.
 */
export async function* chainPages(db: Queryable, chain: { kind: "session" | "audit"; chainId: string }, pageSize: number): AsyncGenerator<ChainEntry[]> {
  const last = await maxStoredSeq(db, chain);
  let from = 1;
  let pending = from <= last ? readChainRange(db, chain, from, from + pageSize - 1) : null;
  try {
    while (pending) {
      const page = await pending;
      from += pageSize;
      pending = from <= last ? readChainRange(db, chain, from, from + pageSize - 1) : null;
      yield page;
    }
  } finally {
    pending?.catch(() => {}); // a prefetched page the caller stopped before
  }
}
