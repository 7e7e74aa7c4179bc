import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { appendAudit } from "@/lib/audit/append-audit";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { assertSessionId } from "@/lib/ingest/sessions";

export const JUSTIFICATION_LIMITS = { min: 10, max: 2000 } as const;

/**
 * One event as recorded, unmasked, for an admin who states why. The justification goes into
 * the audit log in the same transaction as the read.
 */
export async function unmaskEvent(db: Queryable, params: { viewer: Viewer | null; id: string; seq: number; justification: string }) {
  assertRole(params.viewer, "admin");
  const viewer = params.viewer;
  assertSessionId(params.id);
  const justification = params.justification.trim();
  if (justification.length < JUSTIFICATION_LIMITS.min || justification.length > JUSTIFICATION_LIMITS.max) {
    throw new AppError("bad_request", `a justification of ${JUSTIFICATION_LIMITS.min}–${JUSTIFICATION_LIMITS.max} characters is required to unmask`);
  }
  if (!Number.isSafeInteger(params.seq) || params.seq < 1) throw new AppError("bad_request", "seq must be an integer ≥ 1");
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ seq: number | string; time: number; type: string; body: string }>(
      tx,
      sql`select seq, time, type, body from events where session_id = ${params.id} and seq = ${params.seq}`,
    );
    if (!row) throw new AppError("not_found", "no such event");
    await appendAudit(tx, { actor: actorOf(viewer), action: "event.unmask", targetType: "session", targetId: params.id, details: { seq: params.seq, justification } });
    return { seq: Number(row.seq), time: Number(row.time), type: row.type, body: JSON.parse(row.body) as Record<string, unknown> };
  });
}
