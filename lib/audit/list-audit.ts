import "server-only";
import { desc, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditLog } from "@/db/schema";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { verifyAndRecord } from "@/lib/evidence/verify-and-record";
import { latestChainStatus } from "@/lib/sessions/view-session";
import { AUDIT_CHAIN_ID } from "./append-audit";

export const AUDIT_PAGE = 100;

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** A page of the audit log, newest first, before `beforeSeq`. Needs admin. */
export async function listAudit(db: Queryable, params: { viewer: Viewer | null; beforeSeq?: number }) {
  assertRole(params.viewer, "admin");
  const rows = await db
    .select({ seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, body: auditLog.body })
    .from(auditLog)
    .where(params.beforeSeq ? lt(auditLog.seq, params.beforeSeq) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(AUDIT_PAGE);
  const entries: AuditEntry[] = rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    details: (JSON.parse(r.body) as { details?: Record<string, unknown> }).details ?? {},
  }));
  return { entries, chain: await latestChainStatus(db, AUDIT_CHAIN_ID) };
}

/** Verifies the audit chain for an admin; the verification is itself audited. */
export async function verifyAuditAs(db: Queryable, params: { viewer: Viewer | null }) {
  assertRole(params.viewer, "admin");
  return verifyAndRecord(db, { chain: { kind: "audit", chainId: AUDIT_CHAIN_ID }, actor: actorOf(params.viewer), audit: "audit.verify" });
}
