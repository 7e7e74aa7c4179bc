import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { chainHeads, sessions } from "@/db/schema";
import { createHead, lockHead } from "@/db/queries/chain";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "@/lib/auth/agent";
import type { CreateSessionInput } from "@/lib/protocol/session.schema";
import { registerKnownValues, validateKnownValues } from "@/lib/secrets/known-values";

/**
 * Creates a session for `agent`, or returns the existing one with the same external id
 * (collectors retry creation freely).
 */
export async function createSession(
  db: Queryable,
  params: { agent: AgentIdentity; input: CreateSessionInput; demo?: boolean },
): Promise<{ id: string; created: boolean }> {
  const { agent, input } = params;
  validateKnownValues(input.known_values ?? []);
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const inserted = await tx
      .insert(sessions)
      .values({
        id,
        agentId: agent.id,
        externalId: input.external_id,
        service: input.service,
        host: input.host,
        userName: input.user,
        cwd: input.cwd,
        title: input.title,
        correlationId: input.correlation_id,
        cols: input.cols,
        rows: input.rows,
        demo: params.demo ?? false,
      })
      .onConflictDoNothing()
      .returning({ id: sessions.id });
    if (inserted.length === 0) {
      const existing = await tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.agentId, agent.id), eq(sessions.externalId, input.external_id ?? "")));
      if (!existing[0]) throw new AppError("conflict", "the session could not be created");
      if (input.known_values) await registerKnownValues(tx, existing[0].id, input.known_values);
      return { id: existing[0].id, created: false };
    }
    await createHead(tx, id, "session");
    if (input.known_values) await registerKnownValues(tx, id, input.known_values);
    return { id, created: true };
  });
}

/** A session id that is not a UUID names no session (404, not a database error). */
export function assertSessionId(sessionId: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sessionId)) {
    throw new AppError("not_found", "no such session");
  }
}

export interface OwnedSession {
  id: string;
  agentId: string;
  castVersion: number;
  cols: number | null;
  rows: number | null;
  endedAt: Date | null;
}

/**
 * Loads a session for an agent request. Unknown: 404.
 * Another agent's: 403.
 */
export async function getAgentSession(tx: Queryable, agent: AgentIdentity, sessionId: string): Promise<OwnedSession> {
  assertSessionId(sessionId);
  const rows = await tx
    .select({ id: sessions.id, agentId: sessions.agentId, castVersion: sessions.castVersion, cols: sessions.cols, rows: sessions.rows, endedAt: sessions.endedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  const row = rows[0];
  if (!row) throw new AppError("not_found", "no such session");
  if (row.agentId !== agent.id) throw new AppError("forbidden", "the session belongs to another agent");
  return row;
}

/** Closes a session. Ending twice is harmless and answers the first end time. */
export async function endSession(db: Queryable, params: { agent: AgentIdentity; sessionId: string }) {
  return db.transaction(async (tx) => {
    const session = await getAgentSession(tx, params.agent, params.sessionId);
    const head = await lockHead(tx, session.id);
    if (!head) throw new AppError("not_found", "no such session");
    if (session.endedAt) return { id: session.id, ended_at: session.endedAt.toISOString(), last_seq: head.seq };
    const [ended] = await tx
      .update(sessions)
      .set({ endedAt: sql`now()` })
      .where(eq(sessions.id, session.id))
      .returning({ endedAt: sessions.endedAt });
    await tx.update(chainHeads).set({ closedAt: sql`now()` }).where(eq(chainHeads.chainId, session.id));
    return { id: session.id, ended_at: (ended.endedAt as Date).toISOString(), last_seq: head.seq };
  });
}
