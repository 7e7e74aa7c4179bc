import "server-only";
import { secretFingerprints } from "../schema";
import type { Queryable } from "../client";

export interface OccurrenceRow {
  seq: number;
  offset: number;
  length: number;
  ruleId: string;
  fingerprint: Buffer;
}

/** Records where secrets appeared. A replayed batch finds the same ones: they are kept once. */
export async function insertSecretOccurrences(tx: Queryable, sessionId: string, rows: OccurrenceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insert(secretFingerprints)
      .values(rows.slice(i, i + 1000).map((r) => ({ sessionId, seq: r.seq, offset: r.offset, length: r.length, ruleId: r.ruleId, fingerprint: r.fingerprint })))
      .onConflictDoNothing();
  }
}
