import "server-only";
import { describeError } from "@/lib/http/log-error";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { queryRows } from "@/db/client";
import { chainHeads, checkpoints, merkleLeaves } from "@/db/schema";
import { headLeafData, merkleLeafHash, MerkleTree, signCheckpoint, type SigningKey } from "@/lib/chain";

const CHECKPOINT_LOCK = 0x466c6368; // one checkpointer at a time, across replicas

export interface CheckpointRow {
  treeSize: number;
  rootHash: Buffer;
  origin: string;
  timestamp: number;
  keyId: string;
  signature: Buffer;
}

/**
 * Adds every head that moved since the last checkpoint to the Merkle log and signs a new
 * checkpoint over it. When nothing moved but sessions are open, the latest tree is signed again
 * once it is `refreshAfterMs` old, so open sessions are vouched for at least that often. Returns
 * null when there is nothing to sign or, with `wait: false`, when another checkpointer holds the lock.
 */
export async function createCheckpoint(
  db: Db,
  params: { key: SigningKey; origin: string; wait?: boolean; now?: number; refreshAfterMs?: number },
): Promise<CheckpointRow | null> {
  return db.transaction(async (tx) => {
    if (params.wait === false) {
      const [got] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}) as ok`);
      if (!got.ok) return null;
    } else {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    }
    const moved = await tx
      .select({ chainId: chainHeads.chainId, seq: chainHeads.seq, headHash: chainHeads.headHash })
      .from(chainHeads)
      .where(gt(chainHeads.seq, chainHeads.loggedSeq))
      .orderBy(asc(chainHeads.chainId));
    const now = params.now ?? Date.now();
    if (moved.length === 0) return refresh(tx, { ...params, now });

    const existing = await tx.select({ leafHash: merkleLeaves.leafHash }).from(merkleLeaves).orderBy(asc(merkleLeaves.idx));
    const leafHashes = existing.map((r) => r.leafHash);
    const newLeaves = moved.map((h, i) => {
      const leafHash = merkleLeafHash(headLeafData(h.chainId, h.seq, h.headHash));
      leafHashes.push(leafHash);
      return { idx: existing.length + i, chainId: h.chainId, seq: h.seq, headHash: h.headHash, leafHash };
    });
    for (let i = 0; i < newLeaves.length; i += 1000) await tx.insert(merkleLeaves).values(newLeaves.slice(i, i + 1000));
    const logged = JSON.stringify(moved.map((h) => ({ c: h.chainId, s: h.seq })));
    await tx.execute(sql`
      update chain_heads h set logged_seq = greatest(h.logged_seq, x.s)
      from json_to_recordset(${logged}::json) as x(c uuid, s bigint) where h.chain_id = x.c`);

    const tree = new MerkleTree(leafHashes);
    const body = { origin: params.origin, treeSize: tree.size, rootHash: tree.root(), timestamp: now };
    const row: CheckpointRow = { ...body, keyId: params.key.keyId, signature: signCheckpoint(body, params.key) };
    await tx.insert(checkpoints).values(row);
    return row;
  });
}

/** Signs the latest tree again when sessions are open and its newest checkpoint is old enough. */
async function refresh(tx: Queryable, params: { key: SigningKey; origin: string; now: number; refreshAfterMs?: number }) {
  if (params.refreshAfterMs === undefined) return null;
  const latest = await latestCheckpoint(tx);
  if (!latest || params.now - latest.timestamp < params.refreshAfterMs) return null;
  const [open] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from chain_heads where kind = 'session' and closed_at is null and seq > 0`);
  if (open.n === 0) return null;
  const body = { origin: params.origin, treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: params.now };
  const row: CheckpointRow = { ...body, keyId: params.key.keyId, signature: signCheckpoint(body, params.key) };
  await tx.insert(checkpoints).values(row);
  return row;
}

export async function latestCheckpoint(db: Queryable): Promise<CheckpointRow | null> {
  const rows = await db
    .select({
      treeSize: checkpoints.treeSize,
      rootHash: checkpoints.rootHash,
      origin: checkpoints.origin,
      timestamp: checkpoints.timestamp,
      keyId: checkpoints.keyId,
      signature: checkpoints.signature,
    })
    .from(checkpoints)
    .orderBy(desc(checkpoints.treeSize), desc(checkpoints.timestamp))
    .limit(1);
  return rows[0] ?? null;
}

/** Runs createCheckpoint every `intervalMs` until stopped. Failures are logged, never thrown. */
export function startCheckpointer(getDb: () => Promise<Db>, params: { key: SigningKey; origin: string; intervalMs: number }) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Slightly under the interval, so a tick that runs a little early still refreshes.
      await createCheckpoint(await getDb(), { key: params.key, origin: params.origin, wait: false, refreshAfterMs: params.intervalMs * 0.9 });
    } catch (err) {
      console.error(`flightlog: checkpoint failed: ${describeError(err)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, params.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
