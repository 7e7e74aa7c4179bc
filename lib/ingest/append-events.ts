import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { sessions } from "@/db/schema";
import { appendChainedEvents, lockSessionHead, readEventHashes, type NewEntry } from "@/db/queries/chain";
import { bodyHash, canonicalize, canonicalTextEvent, EntryHasher, sameBytes, sha256Binary } from "@/lib/chain";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "@/lib/auth/agent";
import { resolveTimes, type ParsedBatch } from "@/lib/protocol/parse-batch";
import type { NormalizedEvent } from "@/lib/protocol/event.schema";
import { assertSessionId } from "./sessions";
import { insertSecretOccurrences } from "@/db/queries/secret-fingerprints";
import { loadKnownValues } from "@/lib/secrets/known-values";
import { scanEventsForSecrets } from "@/lib/secrets/scan-events";
import { readTerminalContext } from "@/lib/sessions/session-events";

export interface AppendResult {
  /** Events newly written. */
  stored: number;
  /** Events that replayed stored ones byte for byte. */
  duplicates: number;
  /** The seq the next batch must start at. */
  next_seq: number;
}

/**
 * Appends a batch at `seq` to a session's chain, exactly once. The head row is locked for the
 * transaction; a replay of stored events is a no-op, a different body at a stored seq or a gap
 * is a conflict, and nothing is written unless the whole batch is.
 */
export async function appendEvents(
  db: Queryable,
  params: { agent: AgentIdentity; sessionId: string; seq: number; batch: ParsedBatch },
): Promise<AppendResult> {
  const { agent, sessionId, seq, batch } = params;
  if (!Number.isSafeInteger(seq) || seq < 1) throw new AppError("bad_request", "seq must be an integer ≥ 1");

  return db.transaction(async (tx) => {
    assertSessionId(sessionId);
    const session = await lockSessionHead(tx, sessionId);
    if (!session) throw new AppError("not_found", "no such session");
    if (session.agentId !== agent.id) throw new AppError("forbidden", "the session belongs to another agent");
    const head = session.head;
    if (seq > head.seq + 1) {
      throw new AppError("conflict", `gap: the next event is seq ${head.seq + 1}, not ${seq}`, { expected_seq: head.seq + 1 });
    }

    const castVersion = await applyHeader(tx, { id: sessionId, ...session }, batch, head.seq);
    const overlap = Math.min(batch.events.length, head.seq - seq + 1);
    if (overlap > 0) await checkReplay(tx, sessionId, seq, batch, overlap, castVersion);

    const fresh = batch.events.slice(overlap);
    if (fresh.length === 0) return { stored: 0, duplicates: overlap, next_seq: head.seq + 1 };
    if (session.endedAt) throw new AppError("conflict", "the session has ended");

    const normalized = resolveTimes(fresh, castVersion, head.lastTime);
    const hasher = new EntryHasher(sessionId);
    const headHash = head.headHash.toString("latin1");
    let prev = headHash;
    const rows: NewEntry[] = normalized.map((event, i) => {
      const dataJson = fresh[i].dataJson;
      const body = dataJson === undefined ? canonicalize(event) : canonicalTextEvent(dataJson, event.time as number, event.type);
      const bodyHash = sha256Binary(body);
      const seq = head.seq + 1 + i;
      const entryHash = hasher.hashBinary(seq, prev, bodyHash);
      prev = entryHash;
      return { seq, time: event.time as number, type: event.type, body, bodyHash, entryHash };
    });
    await appendChainedEvents(tx, sessionId, headHash, rows);
    await recordSecrets(tx, sessionId, head.seq, rows, normalized, session.knownValues > 0);
    return { stored: rows.length, duplicates: overlap, next_seq: head.seq + rows.length + 1 };
  });
}

/**
 * Fingerprints every secret in the new events, in the same transaction: the index never
 * disagrees with the chain. The terminal text just before the batch is scanned with it, so a
 * secret split across two batches is still found.
 */
async function recordSecrets(tx: Queryable, sessionId: string, storedSeq: number, rows: NewEntry[], events: NormalizedEvent[], hasKnownValues: boolean) {
  const knownValues = hasKnownValues ? await loadKnownValues(tx, sessionId) : [];
  const context = storedSeq > 0 ? await readTerminalContext(tx, sessionId, storedSeq + 1, "before") : [];
  const occurrences = scanEventsForSecrets({
    context: context.map((e) => ({ seq: e.seq, data: typeof e.body.data === "string" ? e.body.data : "" })),
    events: rows.map((r, i) => ({ seq: r.seq, type: r.type, body: r.body, data: typeof events[i].data === "string" ? (events[i].data as string) : undefined })),
    knownValues,
  });
  await insertSecretOccurrences(tx, sessionId, occurrences);
}

/** Applies an asciicast header line: it fixes the stream's version and fills in a missing size. */
async function applyHeader(
  tx: Queryable,
  session: { id: string; castVersion: number; cols: number | null; rows: number | null },
  batch: ParsedBatch,
  stored: number,
): Promise<2 | 3> {
  const current = session.castVersion === 3 ? 3 : 2;
  const header = batch.header;
  if (!header) return current;
  if (header.version !== current && stored > 0) {
    throw new AppError("conflict", `the session's stream is asciicast v${current}; its version cannot change`);
  }
  const patch: Partial<typeof sessions.$inferInsert> = {};
  if (header.version !== current) patch.castVersion = header.version;
  if (session.cols === null && header.cols) patch.cols = header.cols;
  if (session.rows === null && header.rows) patch.rows = header.rows;
  if (Object.keys(patch).length > 0) await tx.update(sessions).set(patch).where(eq(sessions.id, session.id));
  return header.version;
}

/** The first `overlap` events of the batch are already stored: they must be the same events. */
async function checkReplay(tx: Queryable, sessionId: string, seq: number, batch: ParsedBatch, overlap: number, castVersion: 2 | 3) {
  const rows = await readEventHashes(tx, sessionId, seq - 1, seq + overlap - 1);
  const stored = new Map(rows.map((r) => [Number(r.seq), r]));
  const before = stored.get(seq - 1);
  const normalized: NormalizedEvent[] = resolveTimes(batch.events.slice(0, overlap), castVersion, before ? Number(before.time) : 0);
  for (let i = 0; i < overlap; i++) {
    const row = stored.get(seq + i);
    if (!row || !sameBytes(bodyHash(canonicalize(normalized[i])), row.body_hash)) {
      throw new AppError("conflict", `seq ${seq + i} already holds a different event`, { conflicting_seq: seq + i });
    }
  }
}
