import { describe, expect, it } from "vitest";
import { buildCorpus, prng, type CorpusItem } from "./corpus";
import { evaluate, redactItem } from "./evaluate";
import { StreamRedactor, redactText } from "./stream-redactor";

const corpus = buildCorpus();
const withSecrets = corpus.filter((i) => i.secrets.length > 0);

function redactChunks(item: CorpusItem, cuts: number[]): { output: string; findings: { start: number; end: number; ruleId: string }[] } {
  const r = new StreamRedactor({ knownValues: item.knownValues });
  let output = "";
  const findings = [];
  let from = 0;
  for (const cut of [...cuts, item.text.length]) {
    const res = r.push(item.text.slice(from, cut));
    output += res.output;
    findings.push(...res.findings);
    from = cut;
  }
  const end = r.flush();
  return { output: output + end.output, findings: [...findings, ...end.findings] };
}

const occurrences = (haystack: string, needle: string) => {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
};

/** No secret, nor any 8-character piece of one, appears more often than outside the secrets. */
function expectNoLeak(item: CorpusItem, output: string): void {
  let outside = item.text;
  for (const s of [...item.secrets].sort((a, b) => b.start - a.start)) outside = outside.slice(0, s.start) + "\0" + outside.slice(s.end);
  for (const s of item.secrets) {
    for (let i = 0; i + 8 <= s.value.length; i++) {
      const piece = s.value.slice(i, i + 8);
      if (/[\r\n]/.test(piece)) continue;
      if (occurrences(output, piece) > occurrences(outside, piece)) {
        throw new Error(`${item.id}: "${piece}" of a ${s.family} secret leaked`);
      }
    }
  }
}

describe("labelled corpus", () => {
  it("has at least 20 contexts, 30 secrets per family and negatives", () => {
    expect(new Set(corpus.map((i) => i.context)).size).toBeGreaterThanOrEqual(20);
    const families = new Map<string, number>();
    for (const item of corpus) for (const s of item.secrets) families.set(s.family, (families.get(s.family) ?? 0) + 1);
    for (const count of families.values()) expect(count).toBeGreaterThanOrEqual(30);
    expect(corpus.filter((i) => i.secrets.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(buildCorpus()).toEqual(corpus); // deterministic
  });

  it("reaches recall >= 0.98 and precision >= 0.95 in every family", () => {
    for (const s of evaluate(corpus)) {
      expect.soft(s.recall, `${s.family} recall`).toBeGreaterThanOrEqual(0.98);
      expect.soft(s.precision, `${s.family} precision`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("leaves negatives byte-identical", () => {
    for (const item of corpus.filter((i) => i.secrets.length === 0)) {
      const r = redactText(item.text);
      expect(r.findings, item.id).toEqual([]);
      expect(r.output).toBe(item.text);
    }
  });

  it("never leaks a secret or a piece of one", () => {
    for (const item of withSecrets) expectNoLeak(item, redactItem(item).output);
  });

  it("masks every secret the same when it is split at any offset across two chunks", () => {
    let checked = 0;
    for (const item of withSecrets) {
      const whole = redactChunks(item, []);
      for (const s of item.secrets) {
        for (let cut = Math.max(1, s.start - 2); cut <= Math.min(item.text.length - 1, s.end + 2); cut++) {
          const split = redactChunks(item, [cut]);
          if (split.output !== whole.output) {
            expect.fail(`${item.id} cut at ${cut}: ${JSON.stringify(split.output)} != ${JSON.stringify(whole.output)}`);
          }
          expect(split.findings).toEqual(whole.findings);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });

  it("masks every secret the same across many random chunks", () => {
    const rand = prng(7);
    for (const item of withSecrets) {
      const whole = redactChunks(item, []);
      for (let round = 0; round < 4; round++) {
        const cuts: number[] = [];
        for (let at = 1 + Math.floor(rand() * 12); at < item.text.length; at += 1 + Math.floor(rand() * (round === 0 ? 3 : 40))) cuts.push(at);
        const split = redactChunks(item, cuts);
        expect(split.output, `${item.id} ${cuts.join(",")}`).toBe(whole.output);
        expect(split.findings).toEqual(whole.findings);
        expectNoLeak(item, split.output);
      }
    }
  });
});
