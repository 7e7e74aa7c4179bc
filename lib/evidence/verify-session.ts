import "server-only";
import type { Queryable } from "@/db/client";
import type { AgentIdentity } from "@/lib/auth/agent";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { getAgentSession } from "@/lib/ingest/sessions";
import { verifyStoredChain } from "./verify-stored-chain";

/** Verifies one of the agent's own sessions. */
export async function verifyAgentSession(db: Queryable, params: { agent: AgentIdentity; sessionId: string }) {
  await getAgentSession(db, params.agent, params.sessionId);
  return verifyStoredChain(db, { chain: { kind: "session", chainId: params.sessionId }, key: getSigningKey() });
}
