import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { agents } from "@/db/schema";
import type { AgentIdentity } from "@/lib/auth/agent";
import { appendEvents } from "@/lib/ingest/append-events";
import { createSession } from "@/lib/ingest/sessions";
import { endSessionAndCheckpoint } from "@/lib/ingest/end-session";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { DEMO_SESSIONS } from "./demo-sessions";

/**
 * Records the demo sessions into an empty database through the real ingest path, so they are
 * chained, checkpointed and verified like any other. Returns how many were recorded.
 */
export async function seedDemo(db: Db): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from sessions`);
  if (n > 0) return 0;
  for (const demo of DEMO_SESSIONS) {
    const agent = await demoAgent(db, demo.agent);
    const { id } = await createSession(db, { agent, input: demo.session, demo: true });
    let seq = 1;
    for (const batch of demo.batches) {
      const result = await appendEvents(db, { agent, sessionId: id, seq, batch: parseBatch(batch.body, batch.format) });
      seq = result.next_seq;
    }
    await endSessionAndCheckpoint(db, { agent, sessionId: id });
  }
  return DEMO_SESSIONS.length;
}

async function demoAgent(db: Db, name: string): Promise<AgentIdentity> {
  await db.insert(agents).values({ id: randomUUID(), name, kind: "token", createdBy: "demo" }).onConflictDoNothing();
  const [row] = await queryRows<{ id: string }>(db, sql`select id from agents where name = ${name}`);
  return { id: row.id, name, kind: "token" };
}
