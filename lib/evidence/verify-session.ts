import "server-only";
import type { Queryable } from "@/db/client";
import type { AgentIdentity } from "@/lib/auth/agent";
import { getAgentSession } from "@/lib/ingest/sessions";
import { verifyAndRecord } from "./verify-and-record";

/** Verifies one of the agent's own sessions. */
export async function verifyAgentSession(db: Queryable, params: { agent: AgentIdentity; sessionId: string }) {
  await getAgentSession(db, params.agent, params.sessionId);
  return verifyAndRecord(db, { chain: { kind: "session", chainId: params.sessionId }, actor: `agent:${params.agent.name}` });
}
