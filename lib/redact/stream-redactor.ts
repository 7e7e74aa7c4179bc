// The streaming redactor. Raw chunks are projected (escape sequences removed, offsets mapped
// back), keyword hits wake the rules, and output is emitted up to the earliest offset that a
// rule, a keyword cut at the chunk's end or an unfinished escape sequence still holds. The
// screen model (screen.ts) renders lines that cursor edits touch and has the rules read them
// too; it holds the current line until it ends, as an edit may still reach back into it. What
// is held never exceeds `maxHold` raw characters: past it the held text is masked unseen (fail
// closed). Chunking never changes the result: every decision depends only on text that has
// already arrived, within a bounded look-behind that the buffer keeps.
import { project, type CursorEdit } from "./ansi";
import { knownBase64Decoder } from "./decoders";
import { MIN_KNOWN_LENGTH, knownValuesRule } from "./known-values";
import { buildMask, maskLabels } from "./mask";
import { MAX_LOOKBEHIND, type Candidate, type Encoding, type Rule, type RuleIdentity, type ScanContext } from "./rule";
import { DETECTION_RULES, HELD_BACK } from "./rules";
import { LineScreen, type ScreenCandidate, type StreamKind } from "./screen";
import { buildTriggers, detectAll, findHits, type Hit, type Trigger } from "./triggers";

export interface Finding {
  ruleId: string;
  family: string;
  /** The rule's short name as masks show it, e.g. "aws-key". */
  label: string;
  /** Offset of the secret in the raw input stream (UTF-16 code units since the stream began). */
  start: number;
  /** Exclusive. */
  end: number;
  /** The secret with escape sequences removed (for an encoded known value, the value itself). */
  secret: string;
  /** Set when a known value was found in an encoded form. */
  encoding?: Encoding;
  /**
   * A secret that cursor edits put on screen out of order comes from several raw ranges
   * (within start..end); they are listed here, and only they are masked.
   */
  ranges?: [number, number][];
}

export interface RedactOptions {
  /** Values registered for the session: masked exactly, also base64, percent and JSON encoded. */
  knownValues?: string[];
  /** A hex fingerprint of a secret (HMAC-SHA-256 under a server key); masks show its first 4 digits. */
  fingerprint?: (secret: string) => string;
  /** Cap on held-back raw characters (default DEFAULT_MAX_HOLD). */
  maxHold?: number;
  /** Terminal output as the terminal shows it (default), or typed input as a line editor keeps it. */
  kind?: StreamKind;
  /** The terminal's width, where long lines wrap (unknown: no wrapping). */
  cols?: number;
}

export interface RedactResult {
  output: string;
  findings: Finding[];
}

export const DEFAULT_MAX_HOLD = 8192;
/** The most input read in one step (see push). */
const PIECE = 16 * 1024;

const STATIC_TRIGGERS = buildTriggers(DETECTION_RULES);
const KNOWN_GROUP = 9;

/** Where each secret found in several ranges (a group) begins and ends. */
function groupSpans(candidates: Candidate[]): [number, number][] {
  let spans: Map<object, [number, number]> | undefined;
  for (const c of candidates) {
    if (c.group === undefined) continue;
    spans ??= new Map();
    const span = spans.get(c.group);
    if (span === undefined) spans.set(c.group, [c.start, c.end]);
    else {
      span[0] = Math.min(span[0], c.start);
      span[1] = Math.max(span[1], c.end);
    }
  }
  return spans === undefined ? [] : [...spans.values()];
}

interface RuleSet {
  triggers: Trigger[];
  keywordPrefixes: Set<string>;
  longestPrefix: number;
  tailRules: Rule[];
  longestKeyword: number;
}

/**
 * The rules for a set of known values, built once: a session's fields and pages are masked
 * with the same values many times, and building the matching (and its pair table) costs more
 * than masking a short field.
 */
const ruleSets = new Map<string, RuleSet>();
const RULE_SETS_KEPT = 64;

function ruleSetFor(values: readonly string[]): RuleSet {
  const key = values.join("\u0000");
  let set = ruleSets.get(key);
  if (set !== undefined) {
    ruleSets.delete(key); // most recently used last
    ruleSets.set(key, set);
    return set;
  }
  const known = knownValuesRule(values, KNOWN_GROUP);
  const twice = known === null ? null : knownBase64Decoder(known.keywords, KNOWN_GROUP + 1);
  const own = [known, twice].filter((r): r is Rule => r !== null);
  const rules = own.length === 0 ? DETECTION_RULES : [...DETECTION_RULES, ...own];
  const triggers = own.length === 0 ? STATIC_TRIGGERS : [...STATIC_TRIGGERS, ...buildTriggers(own)];
  const keywordPrefixes = new Set<string>();
  for (const rule of rules) for (const k of rule.prefixes ?? []) for (let i = 1; i < k.length; i++) keywordPrefixes.add(k.slice(0, i));
  set = {
    triggers,
    keywordPrefixes,
    longestPrefix: Math.max(0, ...[...keywordPrefixes].map((p) => p.length)),
    tailRules: rules.filter((r) => r.tailHold !== undefined),
    longestKeyword: Math.max(...triggers.map((t) => t.longest)),
  };
  ruleSets.set(key, set);
  if (ruleSets.size > RULE_SETS_KEPT) ruleSets.delete(ruleSets.keys().next().value!);
  return set;
}

interface Cluster {
  start: number;
  end: number;
  best: Candidate;
}

/** Overlapping candidates become one masked range, reported under the highest-priority rule. */
function clusterCandidates(candidates: Candidate[]): Cluster[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end); // a copy: callers index candidates by position
  const clusters: Cluster[] = [];
  for (const c of sorted) {
    const last = clusters[clusters.length - 1];
    if (last !== undefined && c.start < last.end) {
      if (c.end > last.end) last.end = c.end;
      if (c.rule.priority < last.best.rule.priority) last.best = c;
    } else {
      clusters.push({ start: c.start, end: c.end, best: c });
    }
  }
  return clusters;
}

export class StreamRedactor {
  private triggers: Trigger[] = STATIC_TRIGGERS;
  private keywordPrefixes = new Set<string>();
  private longestPrefix = 0;
  private tailRules: Rule[] = [];
  private longestKeyword = 0;
  private knownValues: string[] = [];
  private readonly maxHold: number;
  private readonly fingerprint: ((secret: string) => string) | undefined;
  private readonly ctx: ScanContext;
  private readonly options: RedactOptions;
  private screen: LineScreen;
  /** Secrets the screen model found that are not emitted yet (projected offsets). */
  private screenCandidates: ScreenCandidate[] = [];
  /** Cursor edits in the kept text (projected offsets): masks keep those inside a secret. */
  private cursorEdits: CursorEdit[] = [];

  /** Raw text kept: look-behind context, then held text, then an unfinished escape sequence. */
  private raw = "";
  /** Stream offset of raw[0]. */
  private rawBase = 0;
  /** raw[0, rawDone) is projected. */
  private rawDone = 0;
  private text = "";
  private segP: number[] = [0];
  private segR: number[] = [0];
  /** Projected and raw offsets up to which output was emitted. */
  private emitted = 0;
  private emittedRaw = 0;
  /** Projected offset up to which keywords were searched. */
  private scanned = 0;
  private hits: Hit[] = [];

  constructor(options: RedactOptions = {}) {
    this.options = options;
    this.setKnownValues(options.knownValues ?? []);
    this.maxHold = options.maxHold ?? DEFAULT_MAX_HOLD;
    if (!(this.maxHold >= 1)) throw new RangeError("maxHold must be at least 1");
    this.fingerprint = options.fingerprint;
    // Decoded text is rescanned, and what that finds encoded inside it once more (a Kubernetes
    // Secret's base64 value in an escaped manifest), but no deeper.
    const last: ScanContext = { rescan: () => [] };
    const nested: ScanContext = { rescan: (decoded) => detectAll(this.triggers, decoded, last) };
    this.ctx = { rescan: (decoded) => detectAll(this.triggers, decoded, nested), memo: new Map() };
    this.screen = this.newScreen();
  }

  private newScreen(): LineScreen {
    return new LineScreen(this.options.kind ?? "output", (line) => detectAll(this.triggers, line, this.ctx), this.options.cols ?? Infinity);
  }

  private setKnownValues(values: string[]): void {
    this.knownValues = values;
    const set = ruleSetFor(values);
    this.triggers = set.triggers;
    this.keywordPrefixes = set.keywordPrefixes;
    this.longestPrefix = set.longestPrefix;
    this.tailRules = set.tailRules;
    this.longestKeyword = set.longestKeyword;
  }

  /**
   * Registers more values to mask exactly, from here on and in what is still held (typed
   * input's secrets, so their echo is masked too).
   */
  addKnownValues(values: readonly string[]): void {
    const fresh = values.filter((v) => v.length >= MIN_KNOWN_LENGTH && !this.knownValues.includes(v));
    if (fresh.length === 0) return;
    this.setKnownValues([...this.knownValues, ...fresh]);
    // The held text is searched again for the new keywords.
    this.hits = this.hits.filter((h) => h.pos < this.emitted);
    this.scanned = this.emitted;
  }

  /** The terminal was resized: long lines wrap at the new width. */
  setColumns(cols: number): void {
    this.screen.setColumns(cols);
  }

  /** Redacts the next chunk. The output may hold back a tail that could still become a secret. */
  push(chunk: string): RedactResult {
    if (chunk.length <= PIECE) return this.pushPiece(chunk);
    // Large chunks are read in pieces: the work per piece grows faster than its size.
    const outputs: string[] = [];
    const findings: Finding[] = [];
    for (let at = 0; at < chunk.length; at += PIECE) {
      // A surrogate pair is never cut: the next piece would begin with half a character.
      let end = Math.min(chunk.length, at + PIECE);
      if (end < chunk.length && (chunk.charCodeAt(end - 1) & 0xfc00) === 0xd800) end++;
      const r = this.pushPiece(chunk.slice(at, end));
      outputs.push(r.output);
      for (const f of r.findings) findings.push(f);
      at = end - PIECE;
    }
    return { output: outputs.join(""), findings };
  }

  private pushPiece(chunk: string): RedactResult {
    this.raw += chunk;
    this.extendProjection(false);
    return this.process(false);
  }

  /** Ends the stream: everything still held is emitted, masked where it is a secret. */
  flush(): RedactResult {
    this.extendProjection(true);
    const result = this.process(true); // the final projection consumed every raw character
    this.rawBase += this.raw.length;
    this.raw = this.text = "";
    this.rawDone = this.emitted = this.emittedRaw = this.scanned = 0;
    this.segP = [0];
    this.segR = [0];
    this.hits = [];
    this.screen = this.newScreen();
    this.screenCandidates = [];
    this.cursorEdits = [];
    return result;
  }

  private extendProjection(final: boolean): void {
    const p = project(this.raw, this.rawDone, final);
    const base = this.text.length;
    for (let k = 0; k < p.segP.length; k++) {
      const sp = base + p.segP[k];
      const sr = this.rawDone + p.segR[k];
      const last = this.segP.length - 1;
      if (this.segR[last] - this.segP[last] === sr - sp) continue; // the mapping runs on unchanged
      if (this.segP[last] === sp) this.segR[last] = sr;
      else {
        this.segP.push(sp);
        this.segR.push(sr);
      }
    }
    if (p.edits.length > 0) {
      this.screen.addEdits(p.edits, base);
      for (const e of p.edits) this.cursorEdits.push({ ...e, p: e.p + base });
    }
    this.text += p.text;
    this.rawDone = p.done;
  }

  /** Raw offset of projected offset `p` (the end of the projection maps past trailing escapes). */
  private rawOf(p: number): number {
    if (p >= this.text.length) return this.rawDone;
    const segP = this.segP;
    let lo = 0;
    let hi = segP.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segP[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return this.segR[lo] + p - segP[lo];
  }

  private process(final: boolean): RedactResult {
    const text = this.text;
    const n = text.length;
    this.ctx.memo?.clear(); // decoding results hold offsets into the text as it is now
    findHits(this.triggers, text, this.scanned, this.hits);
    this.scanned = n;

    // Wake the rules. A hit stays live while its rule holds text or its candidates are unsent.
    const candidates: Candidate[] = [];
    const owner: number[] = [];
    const live: boolean[] = [];
    let ruleHold = n;
    for (let h = 0; h < this.hits.length; h++) {
      const hit = this.hits[h];
      let holds = false;
      for (const rule of hit.rules) {
        const from = candidates.length;
        const at = rule.scan(text, hit.pos, final, candidates, this.ctx);
        for (let c = from; c < candidates.length; c++) owner.push(h);
        if (at >= 0) {
          holds = true;
          if (at < ruleHold) ruleHold = at;
        }
      }
      live.push(holds);
    }
    if (!final) ruleHold = Math.min(ruleHold, this.tailHold(text));
    const projectionCount = candidates.length;

    // What the screen shows: rendered lines found by the same rules.
    this.screen.advance(text, final, this.screenCandidates);
    for (const c of this.screenCandidates) candidates.push(c);

    const groups = groupSpans(candidates);
    let clusters = clusterCandidates(candidates).filter((c) => c.end > this.emitted);
    let hold = this.settle(clusters, groups, Math.min(ruleHold, final ? n : this.screen.hold()));
    let holdRaw = this.rawOf(hold);
    if (!final && this.raw.length - holdRaw > this.maxHold && !this.screen.rendering) {
      // A long line that no edit touched: stop holding it for the screen.
      this.screen.release();
      hold = this.settle(clusters, groups, Math.min(ruleHold, this.screen.hold()));
      holdRaw = this.rawOf(hold);
    }
    if (!final && this.raw.length - holdRaw > this.maxHold) {
      if (hold < n) {
        // Fail closed: mask everything held, unseen.
        const overflow: Cluster = { start: hold, end: n, best: { rule: HELD_BACK, start: hold, end: n } };
        const firstHeld = clusters.findIndex((c) => c.end > hold);
        clusters.splice(firstHeld === -1 ? clusters.length : firstHeld, clusters.length, overflow);
        hold = n;
        this.screen.release();
      } else {
        // An unterminated control string longer than the cap is not displayed text: pass it on.
        this.rawDone = this.raw.length;
      }
      holdRaw = this.rawOf(hold);
    }

    const result = this.emit(clusters, hold, holdRaw);
    this.hits = this.hits.filter((_, h) => live[h] || candidates.some((c, i) => i < projectionCount && owner[i] === h && c.end > hold));
    this.screenCandidates = this.screenCandidates.filter((c) => c.end > hold);
    clusters = [];
    this.emitted = hold;
    this.emittedRaw = holdRaw;
    this.trim();
    return result;
  }

  /**
   * The offset to emit up to: `hold`, moved back so that no masked range and no secret the
   * screen found in several ranges is cut in two.
   */
  private settle(clusters: Cluster[], spans: [number, number][], hold: number): number {
    if (hold < this.emitted) hold = this.emitted;
    for (;;) {
      const before = hold;
      for (const c of clusters) {
        if (c.start < this.emitted) c.start = this.emitted; // the rest of a secret masked at the cap
        if (c.end > hold) {
          if (c.start < hold) hold = c.start;
          break;
        }
      }
      // A secret in several ranges is emitted whole.
      for (const [start, end] of spans) if (start < hold && end > hold) hold = Math.max(this.emitted, start);
      if (hold === before) return hold;
    }
  }

  /** The earliest offset that the end of the text must hold: a keyword or secret just begun. */
  private tailHold(text: string): number {
    const n = text.length;
    let hold = n;
    for (let k = Math.min(this.longestPrefix, n); k > 0; k--) {
      if (this.keywordPrefixes.has(text.slice(n - k))) {
        hold = n - k;
        break;
      }
    }
    for (const rule of this.tailRules) hold = Math.min(hold, rule.tailHold!(text));
    return hold;
  }

  private emit(clusters: Cluster[], hold: number, holdRaw: number): RedactResult {
    const parts: string[] = [];
    const findings: Finding[] = [];
    let cursor = this.emittedRaw;
    let lastGroup: object | undefined;
    for (const c of clusters) {
      if (c.start >= hold) break;
      const start = Math.max(this.rawOf(c.start), cursor);
      const end = this.rawOf(c.end - 1) + 1;
      const visible = this.text.slice(c.start, c.end);
      const rule: RuleIdentity = c.best.rule;
      const group = (c.best as Partial<ScreenCandidate>).group;
      const secret = c.best.secret ?? visible;
      const previous = findings[findings.length - 1];
      if (group !== undefined && group === lastGroup && previous !== undefined) {
        // Another range of a secret the screen shows in one piece: one finding, one label.
        parts.push(this.raw.slice(cursor, start), buildMask(visible, [], this.editsWithin(c.start, c.end)));
        previous.ranges!.push([this.rawBase + start, this.rawBase + end]);
        previous.end = this.rawBase + end;
        cursor = end;
        continue;
      }
      const fingerprint = this.fingerprint === undefined ? null : this.fingerprint(secret);
      parts.push(this.raw.slice(cursor, start), buildMask(visible, maskLabels(rule.label, fingerprint), this.editsWithin(c.start, c.end)));
      const finding: Finding = { ruleId: rule.id, family: rule.family, label: rule.label, start: this.rawBase + start, end: this.rawBase + end, secret };
      if (c.best.encoding !== undefined) finding.encoding = c.best.encoding;
      if (group !== undefined) finding.ranges = [[finding.start, finding.end]];
      findings.push(finding);
      lastGroup = group;
      cursor = end;
    }
    parts.push(this.raw.slice(cursor, holdRaw));
    // A secret in one range needs no list of ranges.
    for (const f of findings) if (f.ranges !== undefined && f.ranges.length === 1) delete f.ranges;
    return { output: parts.join(""), findings };
  }

  /** The cursor edits strictly inside a masked range, as mask inserts. */
  private editsWithin(start: number, end: number): { at: number; text: string }[] {
    if (this.cursorEdits.length === 0) return [];
    const out: { at: number; text: string }[] = [];
    for (const e of this.cursorEdits) if (e.p > start && e.p < end) out.push({ at: e.p - start, text: e.seq });
    return out;
  }

  /** Drops text that no rule can look at again, keeping the look-behind that rules may use. */
  private trim(): void {
    let keep = this.emitted - this.longestKeyword - MAX_LOOKBEHIND;
    for (const hit of this.hits) keep = Math.min(keep, hit.pos - MAX_LOOKBEHIND);
    if (keep < 2048) return;
    const keepRaw = this.rawOf(keep);
    let k = 0;
    while (k + 1 < this.segP.length && this.segP[k + 1] <= keep) k++;
    this.segP = [0, ...this.segP.slice(k + 1).map((p) => p - keep)];
    this.segR = [0, ...this.segR.slice(k + 1).map((r) => r - keepRaw)];
    this.raw = this.raw.slice(keepRaw);
    this.rawBase += keepRaw;
    this.rawDone -= keepRaw;
    this.emittedRaw -= keepRaw;
    this.text = this.text.slice(keep);
    this.emitted -= keep;
    this.scanned -= keep;
    for (const hit of this.hits) hit.pos -= keep;
    this.screen.shift(keep);
    this.cursorEdits = this.cursorEdits.filter((e) => e.p >= keep);
    for (const e of this.cursorEdits) e.p -= keep;
    for (const c of this.screenCandidates) {
      c.start -= keep;
      c.end -= keep;
    }
  }
}

/** Redacts complete text: the same as one push and a flush. */
export function redactText(text: string, options?: RedactOptions): RedactResult {
  const redactor = new StreamRedactor(options);
  const first = redactor.push(text);
  const last = redactor.flush();
  return { output: first.output + last.output, findings: [...first.findings, ...last.findings] };
}
