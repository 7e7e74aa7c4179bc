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
  // A secret found in several ranges of the decoded text (a PEM block behind a prefix) stays one.
  const groups = new Map<object, object>();
  for (const c of found) {
    const start = decoded.at[c.start];
    const end = decoded.at[c.end];
    if (start === undefined || end === undefined || end <= start) continue;
    const secret = c.secret ?? decoded.text.slice(c.start, c.end);
    const ranges = breaks(start, end);
    const group = regroup(groups, c, ranges.length);
    for (const [s, e] of ranges) out.push({ rule: decodedIdentity(c.rule, encoding), start: s, end: e, secret, encoding, ...(group ? { group } : {}) });
  }
}

/** The group of a mapped candidate: its own group's counterpart, or a new one if it maps to several ranges. */
function regroup(groups: Map<object, object>, c: Candidate, ranges: number): object | undefined {
  if (c.group === undefined) return ranges > 1 ? {} : undefined;
  let group = groups.get(c.group);
  if (group === undefined) {
    group = {};
    groups.set(c.group, group);
  }
  return group;
}

const noBreaks = (from: number, to: number): [number, number][] => [[from, to]];

const decodedIdentities = new WeakMap<RuleIdentity, Map<Encoding, RuleIdentity>>();

/**
 * The inner rule's identity, ranked below every rule that reads the encoded text itself: where
 * one does (a Kubernetes Secret's data, a known value's base64), its finding is the one kept.
 */
function decodedIdentity(rule: RuleIdentity, encoding: Encoding): RuleIdentity {
  const byEncoding = decodedIdentities.get(rule) ?? new Map<Encoding, RuleIdentity>();
  decodedIdentities.set(rule, byEncoding);
  let identity = byEncoding.get(encoding);
  if (identity === undefined) {
    // Base64 found by its keywords ranks last: a rule that decodes a value whole (a
    // Kubernetes Secret's data, read through JSON escapes) masks more of it.
    identity = { ...rule, priority: DECODER_PRIORITY + (encoding === "base64" ? 1 : 0) + rule.priority / 100 };
    byEncoding.set(encoding, identity);
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
  // Short prefixes, with what usually stands before them, to make forms long enough.
  ...['"sk-', "=sk-", " sk-", "'sk-", '"eyJ', "=eyJ", " eyJ", ".eyJ", '"AKIA', "=AKIA", " AKIA"],
  ...["password", "PASSWORD", "Password", "passwd", "secret", "SECRET", "Secret", "token", "TOKEN", "Token"],
  ...["api_key", "API_KEY", "apiKey", "apikey", "AccountKey=", "Bearer ", "Basic ", "IDENTIFIED BY"],
  // Fragments of secret names: where `base64` wraps a block inside one, another is whole.
  ...["_KEY", "_SECRET", "SECRET_", "_TOKEN", "TOKEN_", "_PASS", "PASS", "CLIENT_", "_CLIENT", "AUTH", "auth", "ACCESS_", "_ACCESS", "data:"],
  ...["credential", "Credential", "CREDENTIAL", "Api-Key", "api-key", "API-KEY", "-Key:", "_authToken"],
  ...["postgres://", "postgresql://", "mysql://", "mongodb://", "mongodb+srv://", "redis://", "amqp://", "https://", "http://"],
];
/** Where a form starts within its 4-character group, by the byte alignment it was made at. */
const FORM_OFFSET = [0, 2, 3];

function base64Forms(sources: readonly string[]): Map<string, number> {
  const forms = new Map<string, number>();
  for (const source of sources) {
    for (const align of [0, 1, 2]) {
      const { chars } = base64Interior(Buffer.from(source, "utf8"), align);
      if (chars.length < 4) continue;
      forms.set(chars, FORM_OFFSET[align]);
      forms.set(chars.replace(/\+/g, "-").replace(/\//g, "_"), FORM_OFFSET[align]);
    }
  }
  return forms;
}

const FORMS = base64Forms(BASE64_SOURCES);
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
 * breaks (`base64` wraps its output at 76 columns). `open` when the text ends inside it, as
 * more may follow.
 */
function base64Run(text: string, hit: number): { first: number; end: number; open: boolean } {
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
  let i = hit;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (inSet(B64, c)) {
      i++;
      continue;
    }
    // A break inside a wrapped block: the line before it is full, the next goes on.
    const brk = c === 0x0a ? 1 : c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 0;
    if (brk > 0 && i - start >= 60 && lineLength(text, i) >= 60) {
      // The next line has not arrived: the block may go on.
      if (i + brk >= text.length) return { first: start, end: i, open: true };
      if (inSet(B64, text.charCodeAt(i + brk))) {
        i += brk;
        continue;
      }
    }
    if (c === 0x0d && i + 1 >= text.length) return { first: start, end: i, open: true };
    break;
  }
  return { first: start, end: i, open: i >= text.length };
}

/** The base64 characters of [first, end), without line breaks, and where each is in the text. */
function base64Chars(text: string, first: number, end: number): { clean: string; at: number[] } {
  const at: number[] = [];
  const parts: string[] = [];
  let from = first;
  for (let i = first; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (i > from) parts.push(text.slice(from, i));
      from = i + 1;
      continue;
    }
    at.push(i);
  }
  if (end > from) parts.push(text.slice(from, end));
  at.push(end);
  return { clean: parts.join(""), at };
}

function lineLength(text: string, end: number): number {
  const start = text.lastIndexOf("\n", end - 1) + 1;
  return end - start - (text[end - 1] === "\r" ? 1 : 0);
}

export const base64Decoder = base64DecoderOf(FORMS, 5);

/**
 * A session's own decoder for its known values encoded twice (base64 of output that holds one
 * of their forms): its keywords are the base64 forms of every form of the values.
 */
export function knownBase64Decoder(forms: readonly string[], group: number): Rule | null {
  const keywords = base64Forms(forms.filter((f) => f.length >= 3));
  return keywords.size === 0 ? null : base64DecoderOf(keywords, group);
}

function base64DecoderOf(forms: Map<string, number>, group: number): Rule {
  // Forms by their first two characters: a hit names its form without trying them all.
  const byPair = new Map<string, [string, number][]>();
  for (const [form, offset] of [...forms].sort((a, b) => b[0].length - a[0].length)) {
    const list = byPair.get(form.slice(0, 2)) ?? [];
    list.push([form, offset]);
    byPair.set(form.slice(0, 2), list);
  }
  return {
    ...BASE64_DECODED,
    decoder: true,
    keywords: [...forms.keys()],
    group,
    scan(text, hit, final, out, ctx) {
      const match = byPair.get(text.slice(hit, hit + 2))?.find(([form]) => text.startsWith(form, hit));
      if (match === undefined) return DONE;
      const run = base64Run(text, hit);
      if (run.open && !final && run.end - hit < MAX_SPAN) return run.first;
      // Decoding starts on a 4-character group boundary, found from the keyword's own group.
      let breaks = 0;
      for (let i = run.first; i < hit; i++) if (text.charCodeAt(i) === 0x0a || text.charCodeAt(i) === 0x0d) breaks++;
      const offset = (((hit - run.first - breaks - match[1]) % 4) + 4) % 4;
      const found = memoized(ctx, `b64:${run.first}:${offset}:${run.end}`, () => {
        const { clean, at } = base64Chars(text, run.first, run.end);
        const decoded = Buffer.from(clean.slice(offset).replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
        const result: Candidate[] = [];
        const groups = new Map<object, object>();
        for (const c of ctx.rescan(decoded)) {
          // Every character that carries a bit of the secret's bytes, and the padding after the last.
          const from = offset + Math.floor((8 * c.start) / 6);
          const to = Math.min(clean.length, offset + Math.ceil((8 * c.end) / 6));
          if (to <= from) continue;
          const ranges = cleanToRanges(at, from, to);
          if (to === clean.length) {
            const last = ranges[ranges.length - 1];
            while (text[last[1]] === "=" && last[1] - run.end < 2) last[1]++;
          }
          const secret = c.secret ?? decoded.slice(c.start, c.end);
          const group = regroup(groups, c, ranges.length);
          for (const [s, e] of ranges) result.push({ rule: decodedIdentity(c.rule, "base64"), start: s, end: e, secret, encoding: "base64", ...(group ? { group } : {}) });
        }
        return result;
      });
      for (const c of found) out.push(c);
      return DONE;
    },
  };
}

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
  keywords: ['\\":', ":\\/\\/", "-----\\\\n", "-----\\n ", "\\u00", ":\\n  ", "data:\\n", '\\"private_key'],
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

// ---------------------------------------------------------------------------------------------
// psql's multi-line cells

export const PSQL_CELL: RuleIdentity = {
  id: "psql-cell",
  family: "encoded",
  label: "psql",
  description: "a multi-line value in a psql table cell, read as the text it holds",
  priority: DECODER_PRIORITY,
};

/** Offsets of the lines around `at`: [start, end) without the break. */
function lineAt(text: string, at: number): [number, number] {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const nl = text.indexOf("\n", at);
  return [start, nl === -1 ? text.length : nl];
}

const CONTINUATION = /^(?:[ \t]*\|)+ ?/;

/**
 * psql prints a value with line breaks as one line per row of its cell, each ending in `+` at
 * the cell's right edge, the next starting past the borders of the columns before it. The
 * cell's lines, without borders and padding, are read as the text they hold.
 */
export const psqlCellDecoder: Rule = {
  ...PSQL_CELL,
  decoder: true,
  keywords: ["+\n", "+\r\n"],
  guards: { "+\n": String.raw`(?=[ \t]*(?:\||$))`, "+\r\n": String.raw`(?=[ \t]*(?:\||$))` },
  group: 1,
  scan(text, hit, final, out, ctx) {
    const [lineStart] = lineAt(text, hit);
    const edge = hit - lineStart;
    const next = text.indexOf("\n", hit) + 1;
    // Read the cell once the row after this one has arrived whole.
    if (text.indexOf("\n", next) === -1 && !final) return lineStart;
    const lead = CONTINUATION.exec(text.slice(next, next + edge));
    if (lead === null) return DONE;
    const column = lead[0].length;
    const hasEdge = (start: number, end: number) => end - start > edge && text[start + edge] === "+" && (end - start === edge + 1 || text[start + edge + 1] === "\r");
    // The cell's first row reads the cell; the rows after it have nothing more to do.
    if (lineStart > 0) {
      const [prev, prevEnd] = lineAt(text, lineStart - 1);
      if (hasEdge(prev, prevEnd) && lineStart - prev > column) return DONE;
    }
    const first = lineStart;
    const lines: [number, number][] = [];
    let pos = first;
    for (let k = 0; k < 1024; k++) {
      const [start, end] = lineAt(text, pos);
      if (end === text.length && !final) return first;
      const edged = hasEdge(start, end);
      const contentEnd = edged ? start + edge : end;
      lines.push([Math.min(start + column, contentEnd), contentEnd]);
      if (!edged || end >= text.length) break;
      pos = end + 1;
      if (pos - first > MAX_SPAN) break;
    }
    const found = memoized(ctx, `psql:${first}:${pos}`, () => {
      let reflowed = "";
      const at: number[] = [];
      for (const [start, end] of lines) {
        let stop = end;
        while (stop > start && (text[stop - 1] === " " || text[stop - 1] === "\r")) stop--;
        if (at.length > 0) {
          at.push(start); // the line break between rows: where the next row begins
          reflowed += "\n";
        }
        for (let i = start; i < stop; i++) at.push(i);
        reflowed += text.slice(start, stop);
      }
      at.push(lines[lines.length - 1][1]);
      const result: Candidate[] = [];
      const groups = new Map<object, object>();
      for (const c of ctx.rescan(reflowed)) {
        if (c.rule.family === "encoded") continue;
        // One range per row the secret covers.
        const ranges: [number, number][] = [];
        for (let i = c.start; i < c.end; i++) {
          if (reflowed[i] === "\n") continue;
          const p = at[i];
          const last = ranges[ranges.length - 1];
          if (last !== undefined && last[1] === p) last[1] = p + 1;
          else ranges.push([p, p + 1]);
        }
        const secret = c.secret ?? reflowed.slice(c.start, c.end);
        const group = regroup(groups, c, ranges.length);
        for (const [s, e] of ranges) result.push({ rule: c.rule, start: s, end: e, secret, ...(c.encoding ? { encoding: c.encoding } : {}), ...(group ? { group } : {}) });
      }
      return result;
    });
    for (const c of found) out.push(c);
    return DONE;
  },
};
