import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { appendAudit } from "@/lib/audit/append-audit";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { verifyAndRecord } from "@/lib/evidence/verify-and-record";
import { AppError } from "@/lib/http/app-error";
import { assertSessionId } from "@/lib/ingest/sessions";
import { chainStatusOf, type ChainStatus } from "./list-sessions";
import { maskedSessionMetadata } from "./mask-metadata";

export type SessionDetail = NonNullable<Awaited<ReturnType<typeof maskedSessionMetadata>>> & {
  eventCount: number;
  lastTime: number;
  chain: ChainStatus;
};

/** One session's metadata, its free text masked, and chain status. Needs analyst; the view is audited. */
export async function viewSession(db: Queryable, params: { viewer: Viewer | null; id: string }): Promise<SessionDetail> {
  assertRole(params.viewer, "analyst");
  const viewer = params.viewer;
  assertSessionId(params.id);
  return db.transaction(async (tx) => {
    const meta = await maskedSessionMetadata(tx, params.id);
    if (!meta) throw new AppError("not_found", "no such session");
    const [head] = await queryRows<{ seq: number | string; last_time: number }>(tx, sql`select seq, last_time from chain_heads where chain_id = ${params.id}`);
    await appendAudit(tx, { actor: actorOf(viewer), action: "session.view", targetType: "session", targetId: params.id });
    return { ...meta, eventCount: Number(head?.seq ?? 0), lastTime: Number(head?.last_time ?? 0), chain: await latestChainStatus(tx, params.id) };
  });
}

export async function latestChainStatus(db: Queryable, chainId: string): Promise<ChainStatus> {
  const [row] = await queryRows<Parameters<typeof chainStatusOf>[0]>(
    db,
    sql`select status, first_bad_seq, verified_through_seq, reason, verified_at from chain_verifications where chain_id = ${chainId} order by verified_at desc limit 1`,
  );
  return chainStatusOf(row ?? { status: null, first_bad_seq: null, verified_through_seq: null, reason: null, verified_at: null });
}

/** Re-verifies a session for a person. Needs analyst; the verification is audited. */
export async function verifySessionAs(db: Queryable, params: { viewer: Viewer | null; id: string }) {
  assertRole(params.viewer, "analyst");
  const viewer = params.viewer;
  assertSessionId(params.id);
  return verifyAndRecord(db, { chain: { kind: "session", chainId: params.id }, actor: actorOf(viewer), audit: "session.verify" });
}
