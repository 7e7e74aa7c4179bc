// Decoders: secrets that reach the terminal encoded. `echo "$KEY" | base64`, a base64 config
// blob or data URL, a JSON document escaped inside a JSON string (`{\"password\":\"…\"}`,
// `postgres:\/\/…`), a percent-encoded URL. Each decoder is a rule woken by a keyword in its
// encoded form (the prefilter stays: decoding runs only where a rule keyword may be inside),
// decodes the text around it, has every rule read the decoded text, and maps what they find
// back to the encoded characters, which are masked. The finding is the inner rule's, with the
// decoded secret as its value, so a secret has one fingerprint however it was encoded.
import { base64Interior } from "./known-values";
import { DONE, MAX_SPAN, charSet, inSet, type Candidate, type Encoding, type Rule, type RuleIdentity, type ScanContext } from "./rule";

const DECODER_PRIORITY = 8;

/** Maps each decoded character back to the encoded text: `at[i]` is where decoded char i begins. */
interface Decoded {
  text: string;
  at: number[];
}

/** Maps decoded candidates to encoded ranges, one per line of the encoded text they cover. */
function mapBack(found: Candidate[], decoded: Decoded, encoding: Encoding, breaks: (from: number, to: number) => [number, number][], out: Candidate[]): void {
  for (const c of found) {
    const start = decoded.at[c.start];
    const end = decoded.at[c.end];
    if (start === undefined || end === undefined || end <= start) continue;
    const secret = c.secret ?? decoded.text.slice(c.start, c.end);
    const ranges = breaks(start, end);
    const group = ranges.length > 1 ? {} : undefined;
    for (const [s, e] of ranges) out.push({ rule: decodedIdentity(c.rule), start: s, end: e, secret, encoding, ...(group ? { group } : {}) });
  }
}

const noBreaks = (from: number, to: number): [number, number][] => [[from, to]];

const decodedIdentities = new WeakMap<RuleIdentity, RuleIdentity>();

/**
 * The inner rule's identity, ranked below every rule that reads the encoded text itself: where
 * one does (a Kubernetes Secret's data, a known value's base64), its finding is the one kept.
 */
function decodedIdentity(rule: RuleIdentity): RuleIdentity {
  let identity = decodedIdentities.get(rule);
  if (identity === undefined) {
    identity = { ...rule, priority: DECODER_PRIORITY };
    decodedIdentities.set(rule, identity);
  }
  return identity;
}

function memoized(ctx: ScanContext, key: string, compute: () => Candidate[]): Candidate[] {
  if (ctx.memo === undefined) return compute();
  let found = ctx.memo.get(key);
  if (found === undefined) {
    found = compute();
    ctx.memo.set(key, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// base64 and base64url

/** Rule keywords worth looking for inside base64: long and specific enough to be rare by chance. */
const BASE64_SOURCES = [
  ...["AKIA", "ASIA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "gldt-", "glrt-"],
  ...["xoxb-", "xoxp-", "xoxa-", "xapp-", "sk_live_", "rk_live_", "sk_test_", "sk-proj-", "sk-ant-", "sk-or-v1-", "sk-svcacct-"],
  ...["eyJhbGciOi", "eyJ0eXAiOi", "-----BEGIN", "PRIVATE KEY", "private_key", "hooks.slack.com"],
  ...["password", "PASSWORD", "Password", "passwd", "secret", "SECRET", "Secret", "token", "TOKEN", "Token"],
  ...["api_key", "API_KEY", "apiKey", "apikey", "AccountKey=", "Bearer ", "Basic ", "IDENTIFIED BY"],
  ...["postgres://", "postgresql://", "mysql://", "mongodb://", "mongodb+srv://", "redis://", "amqp://", "https://", "http://"],
];
/** Where a form starts within its 4-character group, by the byte alignment it was made at. */
const FORM_OFFSET = [0, 2, 3];

function base64Forms(): Map<string, number> {
  const forms = new Map<string, number>();
  for (const source of BASE64_SOURCES) {
    for (const align of [0, 1, 2]) {
      const { chars } = base64Interior(Buffer.from(source, "latin1"), align);
      if (chars.length < 4) continue;
      forms.set(chars, FORM_OFFSET[align]);
      forms.set(chars.replace(/\+/g, "-").replace(/\//g, "_"), FORM_OFFSET[align]);
    }
  }
  return forms;
}

const FORMS = base64Forms();
const B64 = charSet("A-Za-z0-9+/_-");
/** How far back from its keyword an encoded secret may begin, in encoded characters. */
const B64_BEHIND = 2048;

export const BASE64_DECODED: RuleIdentity = {
  id: "base64-decoded",
  family: "encoded",
  label: "b64",
  description: "base64 or base64url text whose decoded bytes hold a secret (masked where the secret's bytes are encoded)",
  priority: DECODER_PRIORITY,
};

/**
 * The base64 text around `hit`: a run of base64 characters that may continue across line
 * breaks (`base64` wraps its output at 76 columns), without the breaks, and where each clean
 * character is in the text.
 */
function base64Run(text: string, hit: number): { clean: string; at: number[]; first: number } {
  const at: number[] = [];
  // Back from the hit, across breaks that follow a full line of base64.
  let start = hit;
  const lowest = Math.max(0, hit - B64_BEHIND);
  for (;;) {
    while (start > lowest && inSet(B64, text.charCodeAt(start - 1))) start--;
    const brk = text[start - 1] === "\n" ? (text[start - 2] === "\r" ? 2 : 1) : 0;
    if (brk === 0 || start - brk <= lowest) break;
    let lineStart = start - brk;
    while (lineStart > lowest && inSet(B64, text.charCodeAt(lineStart - 1))) lineStart--;
    if (start - brk - lineStart < 60 || (lineStart > 0 && text[lineStart - 1] !== "\n")) break;
    start = lineStart;
  }
  const limit = Math.min(text.length, hit + MAX_SPAN);
  let clean = "";
  let i = start;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (inSet(B64, c)) {
      at.push(i);
      clean += text[i];
      i++;
      continue;
    }
    // A break inside a wrapped block: the line before it is full, the next goes on.
    const brk = c === 0x0a ? 1 : c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 0;
    if (brk > 0 && clean.length >= 60 && inSet(B64, text.charCodeAt(i + brk)) && lineLength(text, i) >= 60) {
      i += brk;
      continue;
    }
    break;
  }
  at.push(i);
  return { clean, at, first: start };
}

function lineLength(text: string, end: number): number {
  const start = text.lastIndexOf("\n", end - 1) + 1;
  return end - start - (text[end - 1] === "\r" ? 1 : 0);
}

export const base64Decoder: Rule = {
  ...BASE64_DECODED,
  decoder: true,
  keywords: [...FORMS.keys()],
  group: 5,
  scan(text, hit, final, out, ctx) {
    let form: string | undefined;
    for (const f of FORMS.keys()) if (text.startsWith(f, hit) && (form === undefined || f.length > form.length)) form = f;
    if (form === undefined) return DONE;
    const run = base64Run(text, hit);
    const end = run.at[run.clean.length];
    if (end === text.length && !final && end - hit < MAX_SPAN) return run.first;
    // Decoding starts on a 4-character group boundary, found from the keyword's own group.
    const hitClean = run.at.indexOf(hit);
    if (hitClean < 0) return DONE;
    const offset = (((hitClean - FORMS.get(form)!) % 4) + 4) % 4;
    const found = memoized(ctx, `b64:${run.at[offset]}:${end}`, () => {
      const decoded = Buffer.from(run.clean.slice(offset).replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
      const result: Candidate[] = [];
      for (const c of ctx.rescan(decoded)) {
        // Every character that carries a bit of the secret's bytes, and the padding after the last.
        const from = offset + Math.floor((8 * c.start) / 6);
        const to = Math.min(run.clean.length, offset + Math.ceil((8 * c.end) / 6));
        if (to <= from) continue;
        const ranges = cleanToRanges(run.at, from, to);
        if (to === run.clean.length) {
          const last = ranges[ranges.length - 1];
          while (text[last[1]] === "=" && last[1] - end < 2) last[1]++;
        }
        const secret = c.secret ?? decoded.slice(c.start, c.end);
        const group = ranges.length > 1 ? {} : undefined;
        for (const [s, e] of ranges) result.push({ rule: decodedIdentity(c.rule), start: s, end: e, secret, encoding: "base64", ...(group ? { group } : {}) });
      }
      return result;
    });
    for (const c of found) out.push(c);
    return DONE;
  },
};

/** Clean offsets [from, to) as text ranges, split where the block wraps. */
function cleanToRanges(at: number[], from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = at[from];
  for (let k = from + 1; k < to; k++) {
    if (at[k] !== at[k - 1] + 1) {
      ranges.push([start, at[k - 1] + 1]);
      start = at[k];
    }
  }
  ranges.push([start, at[to - 1] + 1]);
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// JSON string escapes

export const JSON_UNESCAPED: RuleIdentity = {
  id: "json-unescaped",
  family: "encoded",
  label: "json",
  description: "a JSON document escaped inside a JSON string, read unescaped",
  priority: DECODER_PRIORITY,
};

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" };
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** `text[from, to)` with JSON string escapes undone, and where each character came from. */
function unescapeJson(text: string, from: number, to: number): Decoded {
  let out = "";
  const at: number[] = [];
  for (let i = from; i < to; ) {
    if (text.charCodeAt(i) === 0x5c && i + 1 < to) {
      const simple = SIMPLE_ESCAPES[text[i + 1]];
      if (simple !== undefined) {
        at.push(i);
        out += simple;
        i += 2;
        continue;
      }
      const hex = text.slice(i + 2, i + 6);
      if (text[i + 1] === "u" && HEX4.test(hex)) {
        at.push(i);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
        continue;
      }
    }
    at.push(i);
    out += text[i];
    i++;
  }
  at.push(to);
  return { text: out, at };
}

/** Two levels of escaping (a JSON string inside a JSON string inside a log line). */
function unescapeTwice(text: string, from: number, to: number): Decoded {
  const once = unescapeJson(text, from, to);
  if (!/\\["\\/nu]/.test(once.text)) return once;
  const twice = unescapeJson(once.text, 0, once.text.length);
  return { text: twice.text, at: twice.at.map((k) => once.at[k]) };
}

/** The line around `hit`, within bounds: a JSON string never spans lines. */
function lineAround(text: string, hit: number): [number, number] {
  const start = Math.max(text.lastIndexOf("\n", hit - 1) + 1, hit - 2048);
  const next = text.indexOf("\n", hit);
  return [start, Math.min(next === -1 ? text.length : next, hit + MAX_SPAN)];
}

export const jsonDecoder: Rule = {
  ...JSON_UNESCAPED,
  decoder: true,
  // An escaped key's end, an escaped URL, an escaped escape before a PEM line, a \u escape,
  // and a YAML mapping or a service-account key inside an escaped string.
  keywords: ['\\":', ":\\/\\/", "-----\\\\n", "\\u00", "data:\\n", '\\"private_key'],
  group: 1,
  scan(text, hit, final, out, ctx) {
    const [start, end] = lineAround(text, hit);
    if (end === text.length && !final && end - hit < MAX_SPAN) return start;
    for (const c of memoized(ctx, `json:${start}:${end}`, () => decodeAndRescan(unescapeTwice(text, start, end), "json", ctx))) out.push(c);
    return DONE;
  },
};

function decodeAndRescan(decoded: Decoded, encoding: Encoding, ctx: ScanContext): Candidate[] {
  const result: Candidate[] = [];
  mapBack(
    ctx.rescan(decoded.text).filter((c) => c.rule.family !== "encoded"),
    decoded,
    encoding,
    noBreaks,
    result,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Percent-encoding

export const PERCENT_DECODED: RuleIdentity = {
  id: "percent-decoded",
  family: "encoded",
  label: "pct",
  description: "percent-encoded text (a URL inside a URL, a form body) read decoded",
  priority: DECODER_PRIORITY,
};

const URL_TEXT = charSet("A-Za-z0-9%._~+!$&'()*,;=:@/?#[]-");

function percentDecode(text: string, from: number, to: number): Decoded {
  let out = "";
  const at: number[] = [];
  for (let i = from; i < to; ) {
    at.push(i);
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      out += text[i] === "+" ? " " : text[i];
      i++;
    }
  }
  at.push(to);
  return { text: out, at };
}

export const percentDecoder: Rule = {
  ...PERCENT_DECODED,
  decoder: true,
  // `://`, `":`, `=`, a line break and a PEM header, encoded.
  keywords: ["%3A%2F%2F", "%3a%2f%2f", "%22%3A", "%22%3a", "%3D", "%3d", "%0A", "%0a", "%20PRIVATE%20KEY", "+PRIVATE+KEY"],
  group: 1,
  scan(text, hit, final, out, ctx) {
    let start = hit;
    while (start > Math.max(0, hit - 4096) && inSet(URL_TEXT, text.charCodeAt(start - 1))) start--;
    let end = hit;
    const limit = Math.min(text.length, hit + MAX_SPAN);
    while (end < limit && inSet(URL_TEXT, text.charCodeAt(end))) end++;
    if (end === text.length && !final && end - hit < MAX_SPAN) return start;
    for (const c of memoized(ctx, `pct:${start}:${end}`, () => decodeAndRescan(percentDecode(text, start, end), "percent", ctx))) out.push(c);
    return DONE;
  },
};
