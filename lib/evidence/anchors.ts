import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { merkleLeaves } from "@/db/schema";
import { MerkleTree, type Anchor, type SignedCheckpoint } from "@/lib/chain";
import { latestCheckpoint } from "@/lib/checkpoint/checkpointer";

/**
 * The latest checkpoint and every head of `chainId` it covers, each with an inclusion proof
 * computed from the stored log. Tampered leaves yield proofs that fail against the signed root.
 */
export async function loadAnchors(db: Queryable, chainId: string): Promise<{ checkpoint: SignedCheckpoint | null; anchors: Anchor[] }> {
  const cp = await latestCheckpoint(db);
  if (!cp) return { checkpoint: null, anchors: [] };
  const checkpoint: SignedCheckpoint = { ...cp };
  const own = await db
    .select({ idx: merkleLeaves.idx, seq: merkleLeaves.seq, headHash: merkleLeaves.headHash })
    .from(merkleLeaves)
    .where(and(eq(merkleLeaves.chainId, chainId), lt(merkleLeaves.idx, cp.treeSize)))
    .orderBy(asc(merkleLeaves.idx));
  if (own.length === 0) return { checkpoint, anchors: [] };
  const leaves = await db
    .select({ leafHash: merkleLeaves.leafHash })
    .from(merkleLeaves)
    .where(lt(merkleLeaves.idx, cp.treeSize))
    .orderBy(asc(merkleLeaves.idx));
  const tree = new MerkleTree(leaves.map((l) => l.leafHash));
  const anchors = own.map((l) => ({
    leafIndex: l.idx,
    seq: l.seq,
    headHash: l.headHash,
    proof: l.idx < tree.size ? tree.inclusionProof(l.idx) : [],
  }));
  return { checkpoint, anchors };
}
