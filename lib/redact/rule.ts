// The contract between the streaming engine and the detection rules.
//
// A rule is woken by a trigger hit: a literal keyword found in the ANSI-stripped projection.
// It examines the text around the hit and either reports candidates, says the hit is settled,
// or names the earliest position that must be held back because more input could still turn
// it into a match (or change one). That one answer is what makes streaming exact: a rule that
// ran out of text while deciding says so instead of guessing.

export interface RuleInfo {
  id: string;
  family: string;
  description: string;
}

export type Encoding = "base64" | "base64url" | "percent" | "json";

/** What a mask and a finding need to know about the rule that produced them. */
export interface RuleIdentity extends RuleInfo {
  /** Short name shown in masks, e.g. `[aws-key:3f9a]`. */
  label: string;
  /** Lower wins when candidates of several rules overlap (specific formats beat context rules). */
  priority: number;
}

export interface Candidate {
  rule: RuleIdentity;
  /** Candidates of one secret found in several ranges share a group: one finding, one label. */
  group?: object;
  /** Projected offsets of the text to mask. */
  start: number;
  end: number;
  /** The value to fingerprint when it is not the masked text itself (a decoded form). */
  secret?: string;
  encoding?: Encoding;
}

export interface ScanContext {
  /** Runs every rule over a decoded value. Used by rules that decode and rescan. */
  rescan(text: string): Candidate[];
  /**
   * Results of decoding, by what was decoded, for the current reading of the text: several
   * keyword hits in one encoded block decode it once.
   */
  memo?: Map<string, Candidate[]>;
}

/** Returned by `scan` when a hit is settled: nothing is held for it any more. */
export const DONE = -1;

export interface Rule extends RuleIdentity {
  /** Other identities this rule's candidates may name (a vendor's key found by its variable name). */
  reports?: readonly RuleIdentity[];
  /** A decoder: its candidates name the rules that found the secret in the decoded text, never itself. */
  decoder?: true;
  /** Literal, case-sensitive trigger keywords. */
  keywords: readonly string[];
  /** Trigger group (of each keyword): keywords of one group are searched with one regular expression. */
  group: number | ((keyword: string) => number);
  /**
   * Lookaheads (regular-expression source) that a keyword must pass to count as a hit, so that
   * the regex engine rejects common non-hits (`key` in keyboard) without waking the rule. A guard
   * must pass at the end of the text when more input could still make it pass.
   */
  guards?: Readonly<Record<string, string>>;
  /** Literal beginnings of the secret: one cut at the end of a chunk is held back. */
  prefixes?: readonly string[];
  /** Extra hold for the end of the buffer, for secrets that begin before their keyword. */
  tailHold?(text: string): number;
  /**
   * Examines the keyword hit at `hit` (a projected offset) and pushes candidates to `out`.
   * Returns DONE, or the earliest offset to hold back (`text.length` keeps the hit alive without
   * holding anything). With `final` the text is complete and nothing may be held.
   */
  scan(text: string, hit: number, final: boolean, out: Candidate[], ctx: ScanContext): number;
}

/** Rules never look further back than this from their hit, nor further ahead than MAX_SPAN. */
export const MAX_LOOKBEHIND = 256;
export const MAX_SPAN = 16384;

/** A 128-entry membership table for ASCII character classes written like "A-Za-z0-9_-". */
export function charSet(spec: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    const from = spec.charCodeAt(i);
    if (spec[i + 1] === "-" && i + 2 < spec.length) {
      const to = spec.charCodeAt(i + 2);
      for (let c = from; c <= to; c++) set[c] = 1;
      i += 2;
    } else {
      set[from] = 1;
    }
  }
  return set;
}

export function inSet(set: Uint8Array, code: number): boolean {
  return code < 128 && set[code] === 1;
}

/** The end of the run of `set` characters starting at `i`, looking at most `limit` ahead. */
export function runEnd(text: string, i: number, set: Uint8Array, limit = MAX_SPAN): number {
  const stop = Math.min(text.length, i + limit);
  while (i < stop && inSet(set, text.charCodeAt(i))) i++;
  return i;
}

/** The start of the run of `set` characters ending just before `i`, looking at most `limit` back. */
export function runStart(text: string, i: number, set: Uint8Array, limit = MAX_LOOKBEHIND): number {
  const stop = Math.max(0, i - limit);
  while (i > stop && inSet(set, text.charCodeAt(i - 1))) i--;
  return i;
}

export const ALNUM = charSet("A-Za-z0-9");

/** True when the character before `i` does not continue an alphanumeric token. */
export function tokenStartsAt(text: string, i: number, before: Uint8Array = ALNUM): boolean {
  return i === 0 || !inSet(before, text.charCodeAt(i - 1));
}
