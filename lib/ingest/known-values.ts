import "server-only";
import type { Queryable } from "@/db/client";
import type { AgentIdentity } from "@/lib/auth/agent";
import { registerKnownValues } from "@/lib/secrets/known-values";
import { getAgentSession } from "./sessions";

/**
 * Registers known values for one of the agent's sessions. They mask what is already stored as
 * well as what comes next; fingerprints for earlier output are not recomputed.
 */
export async function registerAgentKnownValues(db: Queryable, params: { agent: AgentIdentity; sessionId: string; values: string[] }) {
  return db.transaction(async (tx) => {
    await getAgentSession(tx, params.agent, params.sessionId);
    const added = await registerKnownValues(tx, params.sessionId, params.values);
    return { registered: added };
  });
}
