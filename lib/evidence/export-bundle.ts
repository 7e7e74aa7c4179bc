import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { agents, sessions } from "@/db/schema";
import { chainPages, readHead } from "@/db/queries/chain";
import { BUNDLE_FORMAT, type EvidenceBundle, type BundleEvent, type SigningKey } from "@/lib/chain";
import { AppError } from "@/lib/http/app-error";
import { loadAnchors } from "./anchors";

const PAGE = 5000;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Session metadata as it appears in bundles and the API. */
export async function sessionMetadata(db: Queryable, sessionId: string) {
  const rows = await db
    .select({
      id: sessions.id,
      external_id: sessions.externalId,
      service: sessions.service,
      host: sessions.host,
      user: sessions.userName,
      cwd: sessions.cwd,
      title: sessions.title,
      correlation_id: sessions.correlationId,
      cols: sessions.cols,
      rows: sessions.rows,
      demo: sessions.demo,
      started_at: sessions.startedAt,
      ended_at: sessions.endedAt,
      agent: { id: agents.id, name: agents.name, kind: agents.kind, issuer: agents.issuer, subject: agents.subject },
    })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(eq(sessions.id, sessionId));
  return rows[0] ?? null;
}

/**
 * Builds the evidence bundle of a chain. `mask` may replace bodies (the chain still proves
 * through body_hash); it returns null to keep a body as stored.
 */
export async function exportBundle(
  db: Queryable,
  params: {
    chain: { kind: "session" | "audit"; chainId: string };
    key: Pick<SigningKey, "publicKeyRaw" | "keyId">;
    mask?: (body: string, seq: number) => string | null;
  },
): Promise<EvidenceBundle> {
  const { chain } = params;
  const head = await readHead(db, chain.chainId);
  if (!head) throw new AppError("not_found", chain.kind === "session" ? "no such session" : "the audit log is empty");
  const session = chain.kind === "session" ? await sessionMetadata(db, chain.chainId) : undefined;
  const { checkpoint, anchors } = await loadAnchors(db, chain.chainId);
  const events: BundleEvent[] = [];
  for await (const page of chainPages(db, chain, PAGE)) {
    for (const e of page) {
      const masked = params.mask ? params.mask(e.body, e.seq) : null;
      events.push({
        seq: e.seq,
        body: masked ?? e.body,
        body_hash: hex(e.bodyHash),
        prev_hash: hex(e.prevHash),
        entry_hash: hex(e.entryHash),
        ...(masked !== null ? { redacted: true } : {}),
      });
    }
  }
  return {
    format: BUNDLE_FORMAT,
    exported_at: new Date().toISOString(),
    chain: { kind: chain.kind, id: chain.chainId },
    ...(session ? { session: { ...session, started_at: session.started_at.toISOString(), ended_at: session.ended_at?.toISOString() ?? null } } : {}),
    events,
    head: { seq: head.seq, hash: hex(head.headHash) },
    checkpoint: checkpoint
      ? {
          origin: checkpoint.origin,
          tree_size: checkpoint.treeSize,
          root_hash: hex(checkpoint.rootHash),
          timestamp: checkpoint.timestamp,
          key_id: checkpoint.keyId,
          signature: Buffer.from(checkpoint.signature).toString("base64"),
        }
      : null,
    anchors: anchors.map((a) => ({ leaf_index: a.leafIndex, seq: a.seq, head_hash: hex(a.headHash), proof: a.proof.map(hex) })),
    public_key: { algorithm: "Ed25519", key_id: params.key.keyId, raw: Buffer.from(params.key.publicKeyRaw).toString("base64") },
  };
}
