// Recall and precision per family over the labelled corpus. A secret counts as found when its
// whole raw range is masked and a finding of its family overlaps it; a finding counts as right
// when it overlaps a secret of its own family.
import { buildCorpus, type CorpusItem } from "./corpus";
import { StreamRedactor, type Finding, type RedactResult } from "./stream-redactor";

export interface FamilyScore {
  family: string;
  secrets: number;
  found: number;
  findings: number;
  correct: number;
  recall: number;
  precision: number;
}

/** Redacts an item as a terminal would deliver it: whole, or one keystroke per chunk. */
export function redactItem(item: CorpusItem): RedactResult {
  const redactor = new StreamRedactor({ knownValues: item.knownValues });
  const pieces = item.keystrokes ? [...item.text] : [item.text];
  const results = [...pieces.map((p) => redactor.push(p)), redactor.flush()];
  return { output: results.map((r) => r.output).join(""), findings: results.flatMap((r) => r.findings) };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function covered(findings: Finding[], start: number, end: number): boolean {
  let at = start;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) if (f.start <= at && f.end > at) at = f.end;
  return at >= end;
}

export function evaluate(items: CorpusItem[] = buildCorpus()): FamilyScore[] {
  const scores = new Map<string, FamilyScore>();
  const score = (family: string) => {
    let s = scores.get(family);
    if (s === undefined) {
      s = { family, secrets: 0, found: 0, findings: 0, correct: 0, recall: 1, precision: 1 };
      scores.set(family, s);
    }
    return s;
  };
  for (const item of items) {
    const { findings } = redactItem(item);
    for (const secret of item.secrets) {
      const s = score(secret.family);
      s.secrets++;
      if (covered(findings, secret.start, secret.end) && findings.some((f) => f.family === secret.family && overlaps(f, secret))) s.found++;
    }
    for (const f of findings) {
      const s = score(f.family);
      s.findings++;
      if (item.secrets.some((secret) => secret.family === f.family && overlaps(f, secret))) s.correct++;
    }
  }
  for (const s of scores.values()) {
    s.recall = s.secrets === 0 ? 1 : s.found / s.secrets;
    s.precision = s.findings === 0 ? 1 : s.correct / s.findings;
  }
  return [...scores.values()].sort((a, b) => a.family.localeCompare(b.family));
}
