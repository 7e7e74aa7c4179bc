import "server-only";
import { auditLog } from "@/db/schema";
import { advanceHead, createHead, lockHead } from "@/db/queries/chain";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { bodyHash, canonicalize, EntryHasher } from "@/lib/chain";

/** The audit log is one chain with this fixed id; checkpoints cover its head like a session's. */
export const AUDIT_CHAIN_ID = "a0d17000-0000-4000-8000-000000000001";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_out"
  | "agent.create"
  | "token.create"
  | "token.revoke"
  | "session.view"
  | "session.verify"
  | "session.export"
  | "event.unmask"
  | "audit.verify"
  | "secret.search";

export interface AuditInput {
  /** Who acted: "user:<email>" for people, "cli:<user>@<host>" for the command line. */
  actor: string;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends one audit entry. Call it inside the transaction of the action it records, so the
 * action and its record commit together. With `unlessWithinSeconds`, nothing is appended when
 * the same actor already has an entry of this action and target that recent (checked under the
 * head's lock, so concurrent calls record one), and the result is null.
 */
export async function appendAudit(tx: Queryable, input: AuditInput, options: { unlessWithinSeconds?: number } = {}): Promise<number | null> {
  await createHead(tx, AUDIT_CHAIN_ID, "audit");
  const head = await lockHead(tx, AUDIT_CHAIN_ID);
  if (!head) throw new Error("the audit chain head is missing");
  if (options.unlessWithinSeconds !== undefined && (await hasRecentEntry(tx, input, options.unlessWithinSeconds))) return null;
  const at = new Date();
  const seq = head.seq + 1;
  const body = canonicalize({
    action: input.action,
    actor: input.actor,
    at: at.toISOString(),
    details: input.details ?? {},
    target: input.targetType ? { id: input.targetId ?? null, type: input.targetType } : null,
  });
  const digest = bodyHash(body);
  const entryHash = new EntryHasher(AUDIT_CHAIN_ID).hash(seq, head.headHash, digest);
  await tx.insert(auditLog).values({
    seq,
    at,
    actor: input.actor,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    body,
    bodyHash: digest,
    prevHash: head.headHash,
    entryHash,
  });
  await advanceHead(tx, AUDIT_CHAIN_ID, { seq, headHash: entryHash, lastTime: 0 });
  return seq;
}

async function hasRecentEntry(tx: Queryable, input: AuditInput, seconds: number): Promise<boolean> {
  const since = new Date(Date.now() - seconds * 1000);
  const rows = await queryRows<{ seq: number }>(
    tx,
    sql`select seq from audit_log where action = ${input.action} and actor = ${input.actor} and target_id is not distinct from ${input.targetId ?? null}::text and at > ${since.toISOString()}::timestamptz limit 1`,
  );
  return rows.length > 0;
}
