import headless from "@xterm/headless";
import { describe, expect, it } from "vitest";
import { CROSS_CONTEXTS, FAMILIES, buildCorpus, prng, type CorpusItem } from "./corpus";
import { evaluate, redactItem, trickle } from "./evaluate";
import { StreamRedactor, redactText } from "./stream-redactor";

const { Terminal } = headless;
const corpus = buildCorpus();
const withSecrets = corpus.filter((i) => i.secrets.length > 0);

/** The terminal's whole buffer as text: what a player or a keyframe would show. */
async function render(data: string): Promise<string> {
  const term = new Terminal({ cols: 1000, rows: 50, scrollback: 2000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
  term.dispose();
  return lines.join("\n");
}

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
  const ranges = item.secrets.flatMap((s) => s.ranges ?? [[s.start, s.end]]).sort((a, b) => b[0] - a[0]);
  for (const [start, end] of ranges) outside = outside.slice(0, start) + "\0" + outside.slice(end);
  for (const s of item.secrets) {
    for (let i = 0; i + 8 <= s.value.length; i++) {
      const piece = s.value.slice(i, i + 8);
      if (/[\r\n]/.test(piece)) continue;
      if (occurrences(output, piece) > occurrences(outside, piece)) throw new Error(`${item.id}: "${piece}" of a ${s.family} secret leaked`);
    }
  }
}

describe("labelled corpus", () => {
  it("crosses every family with every context, has 30 secrets per family, and negatives", () => {
    for (const family of FAMILIES) {
      const contexts = new Set(corpus.filter((i) => i.family === family.family).map((i) => i.context));
      for (const context of [...family.contexts.map((c) => c.name), ...CROSS_CONTEXTS]) expect(contexts, `${family.family} × ${context}`).toContain(context);
      expect(corpus.filter((i) => i.family === family.family).flatMap((i) => i.secrets).length).toBeGreaterThanOrEqual(30);
    }
    expect(corpus.filter((i) => i.secrets.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(buildCorpus()).toEqual(corpus); // deterministic
  });

  it("reaches recall >= 0.99 and precision >= 0.97 in every family, whole and trickled, on screen too", async () => {
    const { scores, misses } = await evaluate(corpus, { render });
    for (const s of scores) {
      expect.soft(s.recall, `${s.family} recall; ${JSON.stringify(misses.filter((m) => m.family === s.family && m.kind === "missed").slice(0, 3))}`).toBeGreaterThanOrEqual(0.99);
      expect.soft(s.precision, `${s.family} precision; ${JSON.stringify(misses.filter((m) => m.family === s.family && m.kind === "wrong").slice(0, 3))}`).toBeGreaterThanOrEqual(0.97);
    }
    expect(scores.map((s) => s.family)).not.toContain("overflow"); // nothing reached a cap
  }, 120_000);

  it("leaves negatives byte-identical", () => {
    for (const item of corpus.filter((i) => i.secrets.length === 0)) {
      const r = redactText(item.text);
      expect(r.findings, item.id).toEqual([]);
      expect(r.output).toBe(item.text);
    }
  });

  it("never leaks a secret or a piece of one from the bytes", () => {
    for (const item of withSecrets) if (item.events === undefined && item.secrets.every((s) => s.screen === undefined)) expectNoLeak(item, redactItem(item).output);
  });

  it("masks every plainly printed secret the same when it is split at any offset across two chunks", () => {
    let checked = 0;
    const plain = buildCorpus({ perPlainContext: 1, perCrossContext: 0, negativeRounds: 0 });
    for (const item of plain) {
      const whole = redactChunks(item, []);
      for (const s of item.secrets) {
        for (let cut = Math.max(1, s.start - 2); cut <= Math.min(item.text.length - 1, s.end + 2); cut++) {
          const split = redactChunks(item, [cut]);
          if (split.output !== whole.output) expect.fail(`${item.id} cut at ${cut}: ${JSON.stringify(split.output)} != ${JSON.stringify(whole.output)}`);
          expect(split.findings).toEqual(whole.findings);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it("gives the one-chunk output and findings when every item is trickled a few bytes at a time", () => {
    const rand = prng(7);
    for (const [k, item] of corpus.entries()) {
      const whole = redactItem(item);
      const trickled = redactItem(item, trickle(k + Math.floor(rand() * 1000)));
      expect(trickled.output, item.id).toBe(whole.output);
      expect(trickled.input, item.id).toBe(whole.input);
      expect(trickled.findings.map((f) => [f.stream, f.ruleId, f.start, f.end]), item.id).toEqual(whole.findings.map((f) => [f.stream, f.ruleId, f.start, f.end]));
    }
  });
});
