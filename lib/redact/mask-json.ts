// Masking structured values (tool calls, hook payloads, queries): every string at every depth,
// object keys included, and each `"key": "value"` pair in its context, as `KEY=value` is read
// in terminal text. Two readings are joined:
// - the value serialized as compact JSON, which the rules read like any JSON they meet in
//   output: `{"AWS_SECRET_ACCESS_KEY":"wJalr…"}` is a secret because of its key, and a secret
//   used as a key (`{"AKIA…":"Active"}`) is found like any other;
// - each string on its own, decoded: terminal text inside a field keeps its escape sequences
//   and edits, and an escaped JSON document inside a string is read as the document it is.
// What either finds is masked in the strings it came from.
import { maskLabels, maskRaw } from "./mask";
import { redactText, type Finding, type RedactOptions } from "./stream-redactor";

export interface JsonMaskResult {
  value: unknown;
  /** Offsets count in `JSON.stringify(value)` of the value given (its canonical text, for sorted keys). */
  findings: Finding[];
}

interface Token {
  /** The string's characters in the serialized text, between its quotes. */
  start: number;
  end: number;
  text: string;
  /** Serialized offset of each character of `text`, and of its end. */
  at: number[];
  masks: { from: number; to: number; labels: string[] }[];
}

/** Serializes as JSON.stringify does, keeping each string token's place. */
function serialize(value: unknown, tokens: Token[], out: { text: string }): void {
  if (typeof value === "string") {
    out.text += '"';
    const start = out.text.length;
    const at: number[] = [];
    for (const ch of value) {
      const encoded = JSON.stringify(ch).slice(1, -1);
      for (let k = 0; k < ch.length; k++) at.push(out.text.length);
      out.text += encoded;
    }
    at.push(out.text.length);
    tokens.push({ start, end: out.text.length, text: value, at, masks: [] });
    out.text += '"';
  } else if (Array.isArray(value)) {
    out.text += "[";
    value.forEach((v, i) => {
      if (i > 0) out.text += ",";
      serialize(v === undefined || typeof v === "function" ? null : v, tokens, out);
    });
    out.text += "]";
  } else if (value !== null && typeof value === "object") {
    out.text += "{";
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === "function") continue;
      if (!first) out.text += ",";
      first = false;
      serialize(k, tokens, out);
      out.text += ":";
      serialize(v, tokens, out);
    }
    out.text += "}";
  } else {
    out.text += JSON.stringify(value) ?? "null";
  }
}

/** The index of the character of `token` at serialized offset `p` (the first at or after it). */
function charAt(token: Token, p: number): number {
  let lo = 0;
  let hi = token.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (token.at[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function maskJson(value: unknown, options: RedactOptions = {}): JsonMaskResult {
  const tokens: Token[] = [];
  const out = { text: "" };
  serialize(value, tokens, out);
  if (tokens.length === 0) return { value, findings: [] };
  const findings: Finding[] = [];
  const label = (f: Finding) => maskLabels(f.label, options.fingerprint?.(f.secret) ?? null);

  // The whole document, as the rules read JSON in output.
  for (const f of redactText(out.text, options).findings) {
    for (const t of tokens) {
      if (f.end <= t.start || f.start >= t.end) continue;
      const from = charAt(t, Math.max(f.start, t.start));
      let to = charAt(t, Math.min(f.end, t.end));
      if (to === from) to = from + 1;
      t.masks.push({ from, to, labels: f.start >= t.start && f.end <= t.end ? label(f) : [] });
    }
    findings.push(f);
  }
  // Each string alone, decoded.
  for (const t of tokens) {
    if (t.text.length < 4) continue;
    for (const f of redactText(t.text, options).findings) {
      t.masks.push({ from: f.start, to: f.end, labels: label(f) });
      const start = t.at[f.start];
      const end = t.at[f.end];
      if (!findings.some((g) => g.start < end && start < g.end && g.secret === f.secret)) findings.push({ ...f, start, end });
    }
  }
  if (tokens.every((t) => t.masks.length === 0)) return { value, findings: [] };
  let next = 0;
  return { value: rebuild(value, () => tokens[next++]), findings: findings.sort((a, b) => a.start - b.start) };
}

/** The value again, each string replaced by its masked form (tokens come in serialization order). */
function rebuild(value: unknown, token: () => Token): unknown {
  if (typeof value === "string") return masked(token());
  if (Array.isArray(value)) return value.map((v) => (v === undefined || typeof v === "function" ? null : rebuild(v, token)));
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [, v] of Object.entries(value)) {
      if (v === undefined || typeof v === "function") continue;
      const base = masked(token());
      // Two masked keys may read the same: keep both entries.
      let key = base;
      for (let n = 2; Object.hasOwn(result, key); n++) key = `${base}~${n}`;
      result[key] = rebuild(v, token);
    }
    return result;
  }
  return value;
}

function masked(t: Token): string {
  if (t.masks.length === 0) return t.text;
  const masks = [...t.masks].sort((a, b) => a.from - b.from || b.to - a.to);
  let out = "";
  let at = 0;
  for (const m of masks) {
    if (m.to <= at) continue;
    const from = Math.max(m.from, at);
    out += t.text.slice(at, from) + maskRaw(t.text.slice(from, m.to), from === m.from ? m.labels : []);
    at = m.to;
  }
  return out + t.text.slice(at);
}
