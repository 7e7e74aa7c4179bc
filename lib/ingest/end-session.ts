import "server-only";
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import type { AgentIdentity } from "@/lib/auth/agent";
import { createCheckpoint } from "@/lib/checkpoint/checkpointer";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { verifyAndRecord } from "@/lib/evidence/verify-and-record";
import { endSession } from "./sessions";

/**
 * Ends a session, then signs a checkpoint so its final head is anchored before the reply, and
 * verifies the finished chain so the console shows its status at once.
 */
export async function endSessionAndCheckpoint(db: Db, params: { agent: AgentIdentity; sessionId: string }) {
  const ended = await endSession(db, params);
  await createCheckpoint(db, { key: getSigningKey(), origin: env().FLIGHTLOG_CHECKPOINT_ORIGIN });
  await verifyAndRecord(db, { chain: { kind: "session", chainId: params.sessionId }, actor: "flightlog" });
  return ended;
}
