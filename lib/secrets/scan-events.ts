import "server-only";
import { redactText, type Finding } from "@/lib/redact";
import { fingerprintSecret } from "./fingerprint";

/** Terminal text events: their data is one stream, in which a secret may span events. */
export const TERMINAL_TYPES = new Set(["output", "input"]);

export interface ScannedEvent {
  seq: number;
  type: string;
  /** The canonical body. */
  body: string;
  /** Terminal data, for output and input events. */
  data?: string;
}

export interface SecretOccurrence {
  seq: number;
  /** UTF-16 offset in the event's data (terminal events) or in its canonical body (others). */
  offset: number;
  length: number;
  ruleId: string;
  fingerprint: Buffer;
}

/**
 * Finds the secrets in new events and fingerprints them. `context` is the terminal data just
 * before the batch, so a secret split across batches is found once, at the event where it
 * starts; secrets wholly inside the context were recorded with an earlier batch.
 */
export function scanEventsForSecrets(params: { context: { seq: number; data: string }[]; events: ScannedEvent[]; knownValues: string[] }): SecretOccurrence[] {
  const out: SecretOccurrence[] = [];
  const parts: { seq: number; start: number }[] = [];
  let text = "";
  for (const c of params.context) {
    parts.push({ seq: c.seq, start: text.length });
    text += c.data;
  }
  const contextLength = text.length;
  for (const e of params.events) {
    if (TERMINAL_TYPES.has(e.type) && e.data !== undefined) {
      parts.push({ seq: e.seq, start: text.length });
      text += e.data;
    }
  }
  const options = { knownValues: params.knownValues };
  if (text.length > contextLength) {
    for (const f of redactText(text, options).findings) {
      if (f.end <= contextLength) continue;
      const part = partAt(parts, f.start);
      out.push(occurrence(part.seq, f.start - part.start, f));
    }
  }
  for (const e of params.events) {
    if (TERMINAL_TYPES.has(e.type)) continue;
    for (const f of redactText(e.body, options).findings) out.push(occurrence(e.seq, f.start, f));
  }
  return out;
}

function occurrence(seq: number, offset: number, f: Finding): SecretOccurrence {
  return { seq, offset, length: f.end - f.start, ruleId: f.ruleId, fingerprint: fingerprintSecret(f.secret) };
}

/** The stream part holding offset `at` (parts are in order). */
function partAt(parts: { seq: number; start: number }[], at: number) {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (parts[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return parts[lo];
}
