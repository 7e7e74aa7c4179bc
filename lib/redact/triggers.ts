// The keyword prefilter. Rules only run where one of their literal keywords occurs, so the cost
// of plain output is a few native regular-expression scans, whatever the number of rules.
// Keywords are packed into one alternation per group: V8 scans a few short alternations with few
// distinct first characters much faster than one long one.
import type { Candidate, Rule, ScanContext } from "./rule";

export interface Trigger {
  re: RegExp;
  rules: Map<string, Rule[]>;
  longest: number;
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
    return { re: new RegExp(trieSource(keywords, guards), "g"), rules: pack, longest: Math.max(...keywords.map((k) => k.length)) };
  });
}

/** Appends the hits that end after `after` (earlier ones were found by a previous call). */
export function findHits(triggers: readonly Trigger[], text: string, after: number, hits: Hit[]): void {
  for (const t of triggers) {
    const re = t.re;
    re.lastIndex = Math.max(0, after - t.longest + 1);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index + m[0].length > after) hits.push({ pos: m.index, rules: t.rules.get(m[0])! });
      re.lastIndex = m.index + 1; // keywords may overlap
    }
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
