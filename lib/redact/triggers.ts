// The keyword prefilter. Rules only run where one of their literal keywords occurs, so the cost
// of plain output is one pass over the text, whatever the number of rules.
//
// Keywords are packed into one alternation per group. The pass reads the text as bytes and
// looks each pair of adjacent characters up in a table of the keywords' first two characters,
// with the third character checked against a bitmap; only then does it try the groups'
// alternations, at that one position. On text dense in the letters keywords start with
// (base64, hex, listings, minified code) this costs a third of scanning with one regular
// expression per group.
import type { Candidate, Rule, ScanContext } from "./rule";

export interface Trigger {
  /** The group's alternation, global: finds the leftmost keyword. */
  re: RegExp;
  /** The same alternation, sticky: tries one position. */
  sticky: RegExp;
  rules: Map<string, Rule[]>;
  longest: number;
  /**
   * Whether the pair table can index the group: every keyword has at least two characters and
   * starts with two ASCII ones. Other groups are scanned with `re`.
   */
  indexable: boolean;
}

export interface Hit {
  pos: number;
  rules: Rule[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * An alternation with common prefixes factored out (`g(?:h[pousr]_|ithub_pat_)`): irregexp then
 * has few first characters to look for. Longer keywords are tried first, and a keyword's guard
 * (a lookahead) is checked by the regex engine itself, without waking a rule.
 */
function trieSource(keywords: readonly string[], guards: ReadonlyMap<string, string>, prefix = ""): string {
  const byFirst = new Map<string, string[]>();
  let ends = false;
  for (const k of keywords) {
    if (k === "") ends = true;
    else byFirst.set(k[0], [...(byFirst.get(k[0]) ?? []), k.slice(1)]);
  }
  const branches = [...byFirst].map(([c, rests]) => escape(c) + trieSource(rests, guards, prefix + c));
  if (ends) branches.push(guards.get(prefix) ?? "");
  return branches.length === 1 ? branches[0] : `(?:${branches.join("|")})`;
}

export function buildTriggers(rules: readonly Rule[]): Trigger[] {
  const packs = new Map<number, Map<string, Rule[]>>();
  const guards = new Map<string, string>();
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      const key = typeof rule.group === "number" ? rule.group : rule.group(keyword);
      const pack = packs.get(key) ?? new Map<string, Rule[]>();
      packs.set(key, pack);
      const list = pack.get(keyword) ?? [];
      if (!list.includes(rule)) list.push(rule);
      pack.set(keyword, list);
      const guard = rule.guards?.[keyword];
      if (guard !== undefined && guards.has(keyword) && guards.get(keyword) !== guard) throw new Error(`rules disagree on the guard of ${keyword}`);
      if (guard !== undefined) guards.set(keyword, guard);
    }
  }
  return [...packs.values()].map((pack) => {
    const keywords = [...pack.keys()];
    const source = trieSource(keywords, guards);
    return {
      re: new RegExp(source, "g"),
      sticky: new RegExp(source, "y"),
      rules: pack,
      longest: Math.max(...keywords.map((k) => k.length)),
      indexable: keywords.every((k) => k.charCodeAt(0) < 128 && k.charCodeAt(1) < 128), // NaN when shorter
    };
  });
}

/**
 * The pair table of a list of triggers. A pair of bytes `c0 c1` maps to a slot (0: no keyword
 * starts so); a slot holds the triggers with a keyword starting so (bit b: indexed[b]) and the
 * bytes that may follow (a keyword of two characters lets any byte follow).
 */
interface PairIndex {
  slotOf: Uint8Array;
  triggersOf: Uint8Array;
  thirds: Uint32Array;
  indexed: Trigger[];
  /** Where each trigger of the list is in `indexed`, or -1 when it is scanned with its `re`. */
  position: number[];
  longest: number;
}

const MAX_PAIRS = 255;
const pairIndexes = new WeakMap<readonly Trigger[], PairIndex>();

function pairIndex(triggers: readonly Trigger[]): PairIndex {
  const cached = pairIndexes.get(triggers);
  if (cached) return cached;
  const slotOf = new Uint8Array(1 << 16);
  const triggersOf = new Uint8Array(MAX_PAIRS + 1);
  const thirds = new Uint32Array((MAX_PAIRS + 1) * 8);
  const indexed: Trigger[] = [];
  const position: number[] = [];
  let slots = 0;
  for (const t of triggers) {
    const keywords = [...t.rules.keys()];
    const pairs = new Set(keywords.map((k) => (k.charCodeAt(0) << 8) | k.charCodeAt(1)));
    const newPairs = [...pairs].filter((p) => slotOf[p] === 0).length;
    if (!t.indexable || indexed.length === 8 || slots + newPairs > MAX_PAIRS) {
      position.push(-1);
      continue;
    }
    const bit = 1 << indexed.length;
    for (const k of keywords) {
      const pair = (k.charCodeAt(0) << 8) | k.charCodeAt(1);
      if (slotOf[pair] === 0) slotOf[pair] = ++slots;
      const slot = slotOf[pair];
      triggersOf[slot] |= bit;
      if (k.length === 2) thirds.fill(0xffffffff, slot * 8, slot * 8 + 8);
      else {
        const c = k.charCodeAt(2) & 0xff; // the low byte, as the text's bytes hold it
        thirds[slot * 8 + (c >> 5)] |= 1 << (c & 31);
      }
    }
    position.push(indexed.length);
    indexed.push(t);
  }
  const index = { slotOf, triggersOf, thirds, indexed, position, longest: Math.max(0, ...indexed.map((t) => t.longest)) };
  pairIndexes.set(triggers, index);
  return index;
}

// The text as bytes, one per character (Latin-1, which keeps only the low byte of others: a
// pair that matches by accident is then rejected by the alternation). Texts up to a batch's
// usual size reuse one buffer, as scans are synchronous; longer ones get their own.
const SHARED_BYTES = 1 << 20;
let shared = Buffer.alloc(0);

/**
 * Appends the hits that end after `after` (earlier ones were found by a previous call): every
 * position where a keyword occurs, as keywords may overlap. Hits come grouped by trigger in the
 * list's order, and by position within a trigger.
 */
export function findHits(triggers: readonly Trigger[], text: string, after: number, hits: Hit[]): void {
  const index = pairIndex(triggers);
  const found: Hit[][] = index.indexed.map(() => []);
  if (index.indexed.length > 0) scanPairs(index, text, Math.max(0, after - index.longest + 1), after, found);
  for (let i = 0; i < triggers.length; i++) {
    const at = index.position[i];
    if (at >= 0) for (const hit of found[at]) hits.push(hit);
    else scanWhole(triggers[i], text, after, hits);
  }
}

function scanPairs(index: PairIndex, text: string, from: number, after: number, found: Hit[][]): void {
  const n = text.length - from;
  if (n < 2) return;
  if (n > SHARED_BYTES) return scanBytes(index, text, from, after, found, Buffer.allocUnsafe(n));
  if (shared.length < n) shared = Buffer.allocUnsafe(Math.min(SHARED_BYTES, Math.max(n, 2 * shared.length)));
  scanBytes(index, text, from, after, found, shared);
}

function scanBytes(index: PairIndex, text: string, from: number, after: number, found: Hit[][], b: Buffer): void {
  const n = text.length - from;
  b.write(from === 0 ? text : text.slice(from), 0, n, "latin1");
  const { slotOf, thirds } = index;
  let c0 = b[0];
  for (let i = 1; i < n; i++) {
    const c1 = b[i];
    const slot = slotOf[(c0 << 8) | c1];
    c0 = c1;
    if (slot === 0) continue;
    if (i + 1 < n) {
      const c2 = b[i + 1];
      if ((thirds[slot * 8 + (c2 >> 5)] & (1 << (c2 & 31))) === 0) continue;
    }
    matchAt(index, slot, text, from + i - 1, after, found);
  }
}

function matchAt(index: PairIndex, slot: number, text: string, pos: number, after: number, found: Hit[][]): void {
  const bits = index.triggersOf[slot];
  for (let k = 0; k < index.indexed.length; k++) {
    if ((bits & (1 << k)) === 0) continue;
    const t = index.indexed[k];
    t.sticky.lastIndex = pos;
    if (!t.sticky.test(text)) continue;
    const end = t.sticky.lastIndex; // guards are lookaheads: the match is the keyword
    if (end > after) found[k].push({ pos, rules: t.rules.get(text.slice(pos, end))! });
  }
}

function scanWhole(t: Trigger, text: string, after: number, hits: Hit[]): void {
  const re = t.re;
  re.lastIndex = Math.max(0, after - t.longest + 1);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index + m[0].length > after) hits.push({ pos: m.index, rules: t.rules.get(m[0])! });
    re.lastIndex = m.index + 1; // keywords may overlap
  }
}

/** Runs every rule over complete text: used for decoded values, which are rescanned whole. */
export function detectAll(triggers: readonly Trigger[], text: string, ctx: ScanContext): Candidate[] {
  const hits: Hit[] = [];
  findHits(triggers, text, 0, hits);
  const out: Candidate[] = [];
  for (const hit of hits) for (const rule of hit.rules) rule.scan(text, hit.pos, true, out, ctx);
  return out;
}
