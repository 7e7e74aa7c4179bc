import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { chainVerifications } from "@/db/schema";
import type { VerifyResult } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { appendAudit, type AuditAction } from "@/lib/audit/append-audit";
import { verifyStoredChain } from "./verify-stored-chain";

/**
 * Verifies a stored chain with the server's key, then keeps the verdict (which the console
 * lists) and, when a person asked for it, the audit entry, in one transaction. The walk itself
 * runs outside it, so a long verification never holds the audit chain's head.
 */
export async function verifyAndRecord(
  db: Db,
  params: { chain: { kind: "session" | "audit"; chainId: string }; actor: string; audit?: AuditAction },
): Promise<VerifyResult> {
  const result = await verifyStoredChain(db, { chain: params.chain, key: getSigningKey() });
  await db.transaction(async (tx) => {
    await tx.insert(chainVerifications).values({
      id: randomUUID(),
      chainId: params.chain.chainId,
      status: result.status,
      verifiedThroughSeq: result.verified_through_seq,
      firstBadSeq: result.first_bad_seq,
      reason: result.reason,
      checkpointedThroughSeq: result.checkpointed_through_seq,
      actor: params.actor,
    });
    if (params.audit) {
      await appendAudit(tx, {
        actor: params.actor,
        action: params.audit,
        targetType: params.chain.kind,
        targetId: params.chain.chainId,
        details: { status: result.status, first_bad_seq: result.first_bad_seq, reason: result.reason },
      });
    }
  });
  return result;
}
