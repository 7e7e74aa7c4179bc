// The streaming redactor. Raw chunks are projected (escape sequences removed, offsets mapped
// back), keyword hits wake the rules, and output is emitted up to the earliest offset that a
// rule, a keyword cut at the chunk's end or an unfinished escape sequence still holds. What is
// held never exceeds `maxHold` raw characters: past it the held text is masked unseen (fail
// closed). Chunking never changes the result: every decision depends only on text that has
// already arrived, within a bounded look-behind that the buffer keeps.
import { project } from "./ansi";
import { knownValuesRule } from "./known-values";
import { buildMask, maskLabels } from "./mask";
import { MAX_LOOKBEHIND, type Candidate, type Encoding, type Rule, type RuleIdentity, type ScanContext } from "./rule";
import { DETECTION_RULES, HELD_BACK } from "./rules";
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
}

export interface RedactOptions {
  /** Values registered for the session: masked exactly, also base64, percent and JSON encoded. */
  knownValues?: string[];
  /** A hex fingerprint of a secret (HMAC-SHA-256 under a server key); masks show its first 4 digits. */
  fingerprint?: (secret: string) => string;
  /** Cap on held-back raw characters (default DEFAULT_MAX_HOLD). */
  maxHold?: number;
}

export interface RedactResult {
  output: string;
  findings: Finding[];
}

export const DEFAULT_MAX_HOLD = 8192;

const STATIC_TRIGGERS = buildTriggers(DETECTION_RULES);
const KNOWN_GROUP = 9;

interface Cluster {
  start: number;
  end: number;
  best: Candidate;
}

/** Overlapping candidates become one masked range, reported under the highest-priority rule. */
function clusterCandidates(candidates: Candidate[]): Cluster[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const clusters: Cluster[] = [];
  for (const c of candidates) {
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
  private readonly triggers: Trigger[];
  private readonly keywordPrefixes: Set<string>;
  private readonly longestPrefix: number;
  private readonly tailRules: Rule[];
  private readonly longestKeyword: number;
  private readonly maxHold: number;
  private readonly fingerprint: ((secret: string) => string) | undefined;
  private readonly ctx: ScanContext;

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
    const known = knownValuesRule(options.knownValues ?? [], KNOWN_GROUP);
    const rules = known === null ? DETECTION_RULES : [...DETECTION_RULES, known];
    this.triggers = known === null ? STATIC_TRIGGERS : [...STATIC_TRIGGERS, ...buildTriggers([known])];
    this.keywordPrefixes = new Set();
    for (const rule of rules) {
      for (const k of rule.prefixes ?? []) for (let i = 1; i < k.length; i++) this.keywordPrefixes.add(k.slice(0, i));
    }
    this.longestPrefix = Math.max(0, ...[...this.keywordPrefixes].map((p) => p.length));
    this.tailRules = rules.filter((r) => r.tailHold !== undefined);
    this.longestKeyword = Math.max(...this.triggers.map((t) => t.longest));
    this.maxHold = options.maxHold ?? DEFAULT_MAX_HOLD;
    if (!(this.maxHold >= 1)) throw new RangeError("maxHold must be at least 1");
    this.fingerprint = options.fingerprint;
    const triggers = this.triggers;
    const nested: ScanContext = { rescan: () => [] }; // decoded text is rescanned once, not recursively
    this.ctx = { rescan: (decoded) => detectAll(triggers, decoded, nested) };
  }

  /** Redacts the next chunk. The output may hold back a tail that could still become a secret. */
  push(chunk: string): RedactResult {
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
    findHits(this.triggers, text, this.scanned, this.hits);
    this.scanned = n;

    // Wake the rules. A hit stays live while its rule holds text or its candidates are unsent.
    const candidates: Candidate[] = [];
    const owner: number[] = [];
    const live: boolean[] = [];
    let hold = n;
    for (let h = 0; h < this.hits.length; h++) {
      const hit = this.hits[h];
      let holds = false;
      for (const rule of hit.rules) {
        const from = candidates.length;
        const at = rule.scan(text, hit.pos, final, candidates, this.ctx);
        for (let c = from; c < candidates.length; c++) owner.push(h);
        if (at >= 0) {
          holds = true;
          if (at < hold) hold = at;
        }
      }
      live.push(holds);
    }
    if (!final) hold = Math.min(hold, this.tailHold(text));

    const clusters = clusterCandidates(candidates).filter((c) => c.end > this.emitted);
    if (hold < this.emitted) hold = this.emitted;
    for (const c of clusters) {
      if (c.start < this.emitted) c.start = this.emitted; // the rest of a secret masked at the cap
      if (c.end > hold) {
        if (c.start < hold) hold = c.start;
        break;
      }
    }

    let holdRaw = this.rawOf(hold);
    if (!final && this.raw.length - holdRaw > this.maxHold) {
      if (hold < n) {
        // Fail closed: mask everything held, unseen.
        const overflow: Cluster = { start: hold, end: n, best: { rule: HELD_BACK, start: hold, end: n } };
        const firstHeld = clusters.findIndex((c) => c.end > hold);
        clusters.splice(firstHeld === -1 ? clusters.length : firstHeld, clusters.length, overflow);
        hold = n;
      } else {
        // An unterminated control string longer than the cap is not displayed text: pass it on.
        this.rawDone = this.raw.length;
      }
      holdRaw = this.rawOf(hold);
    }

    const result = this.emit(clusters, hold, holdRaw);
    this.hits = this.hits.filter((_, h) => live[h] || candidates.some((c, i) => owner[i] === h && c.end > hold));
    this.emitted = hold;
    this.emittedRaw = holdRaw;
    this.trim();
    return result;
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
    for (const c of clusters) {
      if (c.start >= hold) break;
      const start = Math.max(this.rawOf(c.start), cursor);
      const end = this.rawOf(c.end - 1) + 1;
      const visible = this.text.slice(c.start, c.end);
      const rule: RuleIdentity = c.best.rule;
      const secret = c.best.secret ?? visible;
      const fingerprint = this.fingerprint === undefined ? null : this.fingerprint(secret);
      parts.push(this.raw.slice(cursor, start), buildMask(visible, maskLabels(rule.label, fingerprint)));
      const finding: Finding = { ruleId: rule.id, family: rule.family, label: rule.label, start: this.rawBase + start, end: this.rawBase + end, secret };
      if (c.best.encoding !== undefined) finding.encoding = c.best.encoding;
      findings.push(finding);
      cursor = end;
    }
    parts.push(this.raw.slice(cursor, holdRaw));
    return { output: parts.join(""), findings };
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
  }
}

/** Redacts complete text: the same as one push and a flush. */
export function redactText(text: string, options?: RedactOptions): RedactResult {
  const redactor = new StreamRedactor(options);
  const first = redactor.push(text);
  const last = redactor.flush();
  return { output: first.output + last.output, findings: [...first.findings, ...last.findings] };
}
