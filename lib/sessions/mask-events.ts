import "server-only";
import { TerminalRedactor, maskLabels, maskRaw, type TerminalFinding, type TerminalStream } from "@/lib/redact";
import { maskJson } from "@/lib/redact/mask-json";
import { fingerprintHex } from "@/lib/secrets/fingerprint";

/** Terminal text events: their data is one stream per direction, in which a secret may span events. */
export const TEXT_TYPES = new Set(["output", "input"]);

export interface RawEvent {
  seq: number;
  time: number;
  type: string;
  body: Record<string, unknown>;
}

/**
 * Masks a run of consecutive events. Terminal data is read as two streams, output as the
 * screen shows it and input as typed (lib/redact/terminal-redactor.ts), so a secret split
 * between two writes, edited on screen or typed and echoed is masked in every part. Other
 * events are masked field by field, keys included (maskJson). Events before `firstShown`
 * (context for a page that starts mid-stream) are read but not returned.
 */
export function maskEvents(events: RawEvent[], firstShown: number, lastShown: number, knownValues: string[] = []): RawEvent[] {
  const options = { fingerprint: fingerprintHex, knownValues };
  const terminal = new TerminalRedactor(options);
  const texts: Record<TerminalStream, string> = { input: "", output: "" };
  const parts: { event: RawEvent; stream: TerminalStream; start: number; end: number }[] = [];
  const findings: TerminalFinding[] = [];
  for (const e of events) {
    if (e.type === "resize" && typeof e.body.cols === "number") terminal.setColumns(e.body.cols);
    if (!TEXT_TYPES.has(e.type) || typeof e.body.data !== "string") continue;
    const stream: TerminalStream = e.type === "input" ? "input" : "output";
    const data = e.body.data;
    parts.push({ event: e, stream, start: texts[stream].length, end: texts[stream].length + data.length });
    texts[stream] += data;
    findings.push(...terminal.push(stream, data).findings);
  }
  const last = terminal.flush();
  findings.push(...last.input.findings, ...last.output.findings);
  const byStream: Record<TerminalStream, TerminalFinding[]> = { input: [], output: [] };
  for (const f of findings) byStream[f.stream].push(f);

  const maskedData = new Map<RawEvent, string>();
  for (const part of parts) {
    if (part.event.seq < firstShown || part.event.seq > lastShown) continue;
    maskedData.set(part.event, maskRanges(texts[part.stream], part.start, part.end, byStream[part.stream]));
  }
  return events
    .filter((e) => e.seq >= firstShown && e.seq <= lastShown)
    .map((e) => {
      const data = maskedData.get(e);
      return { ...e, body: data !== undefined ? { ...e.body, data } : (maskValue(e.body, options) as Record<string, unknown>) };
    });
}

/** The slice [start, end) of `text` with every finding that overlaps it masked. */
function maskRanges(text: string, start: number, end: number, findings: TerminalFinding[]): string {
  const pieces: { from: number; to: number; labels: string[] }[] = [];
  for (const f of findings) {
    if (f.end <= start || f.start >= end) continue;
    // A secret split across events is masked in each part; only a whole one carries its label.
    const whole = f.start >= start && f.end <= end;
    const labels = whole ? maskLabels(f.label, fingerprintHex(f.secret)) : [];
    const ranges = f.ranges ?? [[f.start, f.end]];
    ranges.forEach(([from, to], k) => {
      if (to > start && from < end) pieces.push({ from: Math.max(from, start), to: Math.min(to, end), labels: k === 0 ? labels : [] });
    });
  }
  pieces.sort((a, b) => a.from - b.from);
  let out = "";
  let at = start;
  for (const p of pieces) {
    if (p.to <= at) continue;
    const from = Math.max(p.from, at);
    out += text.slice(at, from) + maskRaw(text.slice(from, p.to), p.labels);
    at = p.to;
  }
  return out + text.slice(at, end);
}

/** Masks a structured value: every string, keys included, and each `"key": "value"` pair in context. */
export function maskValue(value: unknown, options: { knownValues?: string[]; fingerprint?: (s: string) => string }): unknown {
  return maskJson(value, options).value;
}
