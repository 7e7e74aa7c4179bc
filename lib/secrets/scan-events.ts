import "server-only";
import { TerminalRedactor, type Finding, type TerminalFinding, type TerminalStream } from "@/lib/redact";
import { maskJson } from "@/lib/redact/mask-json";
import { fingerprintSecret } from "./fingerprint";

/** Terminal text events: their data is one stream per direction, in which a secret may span events. */
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

type Part = { seq: number; start: number };

/**
 * Finds the secrets in new events and fingerprints them. Terminal data is read as the output
 * and input streams (lib/redact/terminal-redactor.ts). `context` is the terminal data just
 * before the batch, so a secret split across batches is found once, at the event where it
 * starts; secrets wholly inside the context were recorded with an earlier batch.
 */
export function scanEventsForSecrets(params: { context: { seq: number; type?: string; data: string }[]; events: ScannedEvent[]; knownValues: string[] }): SecretOccurrence[] {
  const out: SecretOccurrence[] = [];
  const terminal = new TerminalRedactor({ knownValues: params.knownValues });
  const parts: Record<TerminalStream, Part[]> = { input: [], output: [] };
  const length: Record<TerminalStream, number> = { input: 0, output: 0 };
  const findings: TerminalFinding[] = [];
  const feed = (seq: number, stream: TerminalStream, data: string) => {
    parts[stream].push({ seq, start: length[stream] });
    length[stream] += data.length;
    findings.push(...terminal.push(stream, data).findings);
  };
  for (const c of params.context) feed(c.seq, c.type === "input" ? "input" : "output", c.data);
  const contextLength = { ...length };
  for (const e of params.events) {
    if (TERMINAL_TYPES.has(e.type) && e.data !== undefined) feed(e.seq, e.type === "input" ? "input" : "output", e.data);
  }
  const last = terminal.flush();
  findings.push(...last.input.findings, ...last.output.findings);
  for (const f of findings) {
    if (f.end <= contextLength[f.stream]) continue;
    const part = partAt(parts[f.stream], f.start);
    out.push(occurrence(part.seq, f.start - part.start, f));
  }
  const options = { knownValues: params.knownValues };
  for (const e of params.events) {
    if (TERMINAL_TYPES.has(e.type)) continue;
    for (const f of maskJson(JSON.parse(e.body) as unknown, options).findings) out.push(occurrence(e.seq, f.start, f));
  }
  return out;
}

function occurrence(seq: number, offset: number, f: Finding): SecretOccurrence {
  return { seq, offset, length: f.end - f.start, ruleId: f.ruleId, fingerprint: fingerprintSecret(f.secret) };
}

/** The stream part holding offset `at` (parts are in order). */
function partAt(parts: Part[], at: number): Part {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (parts[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return parts[lo];
}
