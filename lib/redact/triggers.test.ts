import { describe, expect, it } from "vitest";
import { knownValuesRule } from "./known-values";
import { DETECTION_RULES } from "./rules";
import { buildTriggers, findHits, type Hit, type Trigger } from "./triggers";

/** The definition findHits must meet: each group's alternation at every position, one group after another. */
function reference(triggers: readonly Trigger[], text: string, after: number): Hit[] {
  const hits: Hit[] = [];
  for (const t of triggers) {
    const re = new RegExp(t.re.source, "g");
    for (let pos = 0; pos < text.length; pos++) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m === null) break;
      if (m.index === pos && pos + m[0].length > after) hits.push({ pos, rules: t.rules.get(m[0])! });
      if (m.index > pos) pos = m.index - 1;
    }
  }
  return hits;
}

const show = (hits: Hit[]) => hits.map((h) => `${h.pos}:${h.rules.map((r) => r.id).join("+")}`);

// Pieces of keywords, their neighbours, and characters whose low byte is a keyword's letter
// (Ł is U+0141, low byte "A"), which the pair table must not mistake for the letter.
const PIECES = ["AKIA", "AK", "ASIA", "AIza", "Q~", "yJ", "Bearer", "basic", '"private_key"', "://", "-----BEGIN", "--", ":\n", ":\r\n", "ghp_", "gh", "github_pat_", "glpat-", "xoxb-", "xo", "k_live_", "k-", "pass", "pa", "wd", "cret", "cred", "ken", "key", "PASS", "PWD", "SECRET", "TOKEN", "KEY", "Key", "Credential", "Ł", "ŋ", "日本", "s3cr3t", "ä", "a", "e", "n", "y", "_", "-", " ", "\n", "x", "0"];

function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe("findHits", () => {
  const cases: [string, Trigger[]][] = [["detection rules", buildTriggers(DETECTION_RULES)]];
  const ascii = knownValuesRule(["s3cr3t-value", "hunter2"], 9);
  const wide = knownValuesRule(["日本語のパスワード", "Łódź-secret", "x"], 9);
  cases.push(["with ASCII known values", [...buildTriggers(DETECTION_RULES), ...buildTriggers([ascii!])]]);
  cases.push(["with non-ASCII known values", [...buildTriggers(DETECTION_RULES), ...buildTriggers([wide!])]]);

  for (const [name, triggers] of cases) {
    it(`finds every keyword the alternations find, ${name}`, () => {
      const random = seededRandom(42);
      let total = 0;
      for (let round = 0; round < 400; round++) {
        let text = "";
        const pieces = 1 + Math.floor(random() * 40);
        for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(random() * PIECES.length)];
        if (round % 3 === 0) text += "s3cr3t-value hunter2 日本語のパスワード Łódź-secret";
        const after = round % 4 === 0 ? Math.floor(random() * text.length) : 0;
        const hits: Hit[] = [];
        findHits(triggers, text, after, hits);
        expect(show(hits), JSON.stringify({ text, after })).toEqual(show(reference(triggers, text, after)));
        total += hits.length;
      }
      expect(total).toBeGreaterThan(1000);
    });
  }

  it("scans text longer than its shared buffer the same way", () => {
    const triggers = buildTriggers(DETECTION_RULES);
    const text = `token ${"x".repeat(1 << 20)} AKIAQ3TYPEDKEYZ2ABCD password Q~`;
    const hits: Hit[] = [];
    findHits(triggers, text, 0, hits);
    expect(show(hits)).toEqual(show(reference(triggers, text, 0)));
    expect(hits.length).toBeGreaterThanOrEqual(4);
  });

  it("appends to the hits it is given, and finds a keyword at the very end", () => {
    const triggers = buildTriggers(DETECTION_RULES);
    const hits: Hit[] = [{ pos: -1, rules: [] }];
    findHits(triggers, "token: Q~", 0, hits);
    expect(hits[0].pos).toBe(-1);
    expect(hits.map((h) => h.pos)).toContain(7);
  });
});
