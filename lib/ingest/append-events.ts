import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { sessions } from "@/db/schema";
import { appendChainedEvents, encodeAppend, lockSessionHead, readEventHashes, type HeadRow, type NewEntry } from "@/db/queries/chain";
import { bodyHash, canonicalize, canonicalNumber, canonicalTextEvent, EntryHasher, sameBytes, sha256Binary } from "@/lib/chain";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "@/lib/auth/agent";
import { parseBatch, resolveTimes, type BatchEvent, type BatchText, type ParsedBatch } from "@/lib/protocol/parse-batch";
import type { NormalizedEvent } from "@/lib/protocol/event.schema";
import { assertSessionId } from "./sessions";
import { insertSecretOccurrences } from "@/db/queries/secret-fingerprints";
import { loadKnownValues } from "@/lib/secrets/known-values";
import { scanEventsForSecrets, TERMINAL_TYPES, type ScannedEvent } from "@/lib/secrets/scan-events";
import { contextSpan, readTerminalContext } from "@/lib/sessions/session-events";
import type { RawEvent } from "@/lib/sessions/mask-events";

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
 * is a conflict, and nothing is written unless the whole batch is. The batch may come as its
 * text, which is then parsed inside the transaction (see below).
 */
export async function appendEvents(
  db: Queryable,
  params: { agent: AgentIdentity; sessionId: string; seq: number; batch: ParsedBatch | BatchText },
): Promise<AppendResult> {
  const { agent, sessionId, seq } = params;
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

    // The terminal text just before the batch, so a secret split across two batches is still
    // found. It is read before the batch is parsed: from there on, the batch is parsed,
    // chained, scanned and encoded without waiting on the database (but for the rare header
    // or replay), so its per-event objects die before a young-generation collection has to
    // copy them. The statement then carries a few long strings.
    const context =
      head.seq > 0 && !session.endedAt
        ? await readTerminalContext(tx, sessionId, head.seq + 1, "before", { firstSpan: contextSpan(terminalCharsPerEvent(params.batch)) })
        : [];
    const knownValues = session.knownValues > 0 ? await loadKnownValues(tx, sessionId) : [];
    const batch = "events" in params.batch ? params.batch : parseBatch(params.batch.text, params.batch.format);

    const castVersion = await applyHeader(tx, { id: sessionId, ...session }, batch, head.seq);
    const overlap = Math.min(batch.events.length, head.seq - seq + 1);
    if (overlap > 0) await checkReplay(tx, sessionId, seq, batch, overlap, castVersion);

    const fresh = batch.events.slice(overlap);
    if (fresh.length === 0) return { stored: 0, duplicates: overlap, next_seq: head.seq + 1 };
    if (session.endedAt) throw new AppError("conflict", "the session has ended");

    const { append, occurrences } = chainBatch(sessionId, head, fresh, castVersion, context, knownValues);
    await appendChainedEvents(tx, append);
    await insertSecretOccurrences(tx, sessionId, occurrences);
    return { stored: fresh.length, duplicates: overlap, next_seq: head.seq + fresh.length + 1 };
  });
}

/**
 * The average length of the batch's terminal data: the likely length of the events before it.
 * Of a batch's text, the length per line less a line's least framing (`[0,"o",""]`): an
 * overestimate where the data holds escapes, which contextSpan's margin absorbs.
 */
function terminalCharsPerEvent(batch: ParsedBatch | BatchText): number {
  if (!("events" in batch)) {
    let lines = 1;
    for (let at = batch.text.indexOf("\n"); at !== -1 && at < batch.text.length - 1; at = batch.text.indexOf("\n", at + 1)) lines++;
    return Math.max(1, batch.text.length / lines - 12);
  }
  let chars = 0;
  let count = 0;
  for (const e of batch.events) {
    if (TERMINAL_TYPES.has(e.event.type) && typeof e.event.data === "string") {
      chars += e.event.data.length;
      count++;
    }
  }
  return count === 0 ? 0 : chars / count;
}

/**
 * Chains new events after the head, and fingerprints every secret in them for the same
 * transaction: the index never disagrees with the chain.
 */
function chainBatch(sessionId: string, head: HeadRow, fresh: BatchEvent[], castVersion: 2 | 3, context: RawEvent[], knownValues: string[]) {
  const normalized = resolveTimes(fresh, castVersion, head.lastTime);
  const hasher = new EntryHasher(sessionId);
  const headHash = head.headHash.toString("latin1");
  let prev = headHash;
  const rows: NewEntry[] = new Array(normalized.length);
  const scanned: ScannedEvent[] = new Array(normalized.length);
  for (let i = 0; i < normalized.length; i++) {
    const event = normalized[i];
    const dataJson = fresh[i].dataJson;
    const timeJson = canonicalNumber(event.time as number);
    const body = dataJson === undefined ? canonicalize(event) : canonicalTextEvent(dataJson, timeJson, event.type);
    const bodyHash = sha256Binary(body);
    const seq = head.seq + 1 + i;
    const entryHash = hasher.hashBinary(seq, prev, bodyHash);
    prev = entryHash;
    rows[i] = { seq, time: event.time as number, timeJson, type: event.type, body, bodyHash, entryHash };
    scanned[i] = { seq, type: event.type, body, data: typeof event.data === "string" ? event.data : undefined };
  }
  const occurrences = scanEventsForSecrets({
    context: context.map((e) => ({ seq: e.seq, type: e.type, data: typeof e.body.data === "string" ? e.body.data : "" })),
    events: scanned,
    knownValues,
  });
  return { append: encodeAppend(sessionId, headHash, rows), occurrences };
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
