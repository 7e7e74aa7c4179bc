import "server-only";
import { randomUUID } from "node:crypto";
import type { Queryable } from "@/db/client";
import { chainVerifications } from "@/db/schema";
import type { VerifyResult } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { verifyStoredChain } from "./verify-stored-chain";

/** Verifies a stored chain with the server's key and keeps the verdict, which the console lists. */
export async function verifyAndRecord(
  db: Queryable,
  params: { chain: { kind: "session" | "audit"; chainId: string }; actor: string },
): Promise<VerifyResult> {
  const result = await verifyStoredChain(db, { chain: params.chain, key: getSigningKey() });
  await db.insert(chainVerifications).values({
    id: randomUUID(),
    chainId: params.chain.chainId,
    status: result.status,
    verifiedThroughSeq: result.verified_through_seq,
    firstBadSeq: result.first_bad_seq,
    reason: result.reason,
    checkpointedThroughSeq: result.checkpointed_through_seq,
    actor: params.actor,
  });
  return result;
}
