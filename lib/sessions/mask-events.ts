import "server-only";
import { redactText, stripAnsi, type Finding, type RedactOptions } from "@/lib/redact";
import { buildMask, maskLabels } from "@/lib/redact/mask";
import { fingerprintHex } from "@/lib/secrets/fingerprint";

/** Terminal text events: their data is one stream, in which a secret may span events. */
export const TEXT_TYPES = new Set(["output", "input"]);

export interface RawEvent {
  seq: number;
  time: number;
  type: string;
  body: Record<string, unknown>;
}

/**
 * Masks a run of consecutive events. Terminal data is scanned as one text across events, so a
 * secret split between two writes is masked in both; every other string field is scanned on
 * its own. Events before `firstShown` (context for a page that starts mid-stream) are scanned
 * but not returned.
 */
export function maskEvents(events: RawEvent[], firstShown: number, lastShown: number, knownValues: string[] = []): RawEvent[] {
  const options = { fingerprint: fingerprintHex, knownValues };
  const stream: { event: RawEvent; start: number; end: number }[] = [];
  let text = "";
  for (const e of events) {
    if (TEXT_TYPES.has(e.type) && typeof e.body.data === "string") {
      stream.push({ event: e, start: text.length, end: text.length + e.body.data.length });
      text += e.body.data;
    }
  }
  const findings = text ? redactText(text, options).findings : [];
  const maskedData = new Map<RawEvent, string>();
  for (const part of stream) {
    if (part.event.seq < firstShown || part.event.seq > lastShown) continue;
    maskedData.set(part.event, maskRanges(text, part.start, part.end, findings));
  }
  return events
    .filter((e) => e.seq >= firstShown && e.seq <= lastShown)
    .map((e) => {
      const data = maskedData.get(e);
      return { ...e, body: data !== undefined ? { ...e.body, data } : (maskValue(e.body, options) as Record<string, unknown>) };
    });
}

/** The slice [start, end) of `text` with every finding that overlaps it masked. */
function maskRanges(text: string, start: number, end: number, findings: Finding[]): string {
  let out = "";
  let at = start;
  for (const f of findings) {
    if (f.end <= start || f.start >= end) continue;
    const from = Math.max(f.start, start);
    const to = Math.min(f.end, end);
    out += text.slice(at, from);
    const whole = f.start >= start && f.end <= end;
    const visible = stripAnsi(text.slice(from, to));
    // A secret split across events is masked in each part; only a whole one carries its label.
    out += buildMask(visible, whole ? maskLabels(f.label, fingerprintHex(f.secret)) : []);
    at = to;
  }
  return out + text.slice(at, end);
}

/** Masks every string inside a JSON value. */
export function maskValue(value: unknown, options: RedactOptions): unknown {
  if (typeof value === "string") return value ? redactText(value, options).output : value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, options));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, options)]));
  return value;
}
