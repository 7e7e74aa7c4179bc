import "server-only";
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import type { AgentIdentity } from "@/lib/auth/agent";
import { createCheckpoint } from "@/lib/checkpoint/checkpointer";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { endSession } from "./sessions";

/** Ends a session, then signs a checkpoint so its final head is anchored before the reply. */
export async function endSessionAndCheckpoint(db: Db, params: { agent: AgentIdentity; sessionId: string }) {
  const ended = await endSession(db, params);
  await createCheckpoint(db, { key: getSigningKey(), origin: env().FLIGHTLOG_CHECKPOINT_ORIGIN });
  return ended;
}
