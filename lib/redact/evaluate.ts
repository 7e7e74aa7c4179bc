// Recall and precision per family over the labelled corpus, each item redacted whole and
// trickled a few bytes at a time. A secret counts as found when a finding of its family
// overlaps it and it is masked: every range of it, or, where only the screen shows it whole
// (edited lines, echoed input), nowhere on the screen that a terminal draws from the masked
// output, not even 8 characters of it. A finding counts as right when it overlaps a secret of
// its own family.
import { buildCorpus, type CorpusItem, type ExpectedSecret } from "./corpus";
import { prng } from "./corpus/fakes";
import { StreamRedactor } from "./stream-redactor";
import { TerminalRedactor, type TerminalFinding, type TerminalStream } from "./terminal-redactor";

export interface FamilyScore {
  family: string;
  secrets: number;
  found: number;
  findings: number;
  correct: number;
  recall: number;
  precision: number;
}

/** Draws terminal data the way a terminal shows it: its screen and scrollback as text. */
export type Render = (data: string) => Promise<string>;

export interface Miss {
  item: string;
  mode: "whole" | "trickled";
  family: string;
  kind: "missed" | "wrong";
  detail: string;
}

export interface Evaluation {
  scores: FamilyScore[];
  misses: Miss[];
}

export interface Redacted {
  /** Masked text of each stream. */
  output: string;
  input: string;
  findings: TerminalFinding[];
}

/** Splits text into chunks of 1 to 5 characters, from a seeded PRNG. */
export function trickle(seed: number): (text: string) => string[] {
  const rand = prng(seed);
  return (text) => {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; ) {
      const n = 1 + Math.floor(rand() * 5);
      pieces.push(text.slice(at, at + n));
      at += n;
    }
    return pieces;
  };
}

const whole = (text: string) => [text];

/** Redacts an item as a terminal would deliver it, in the chunks `chunk` makes. */
export function redactItem(item: CorpusItem, chunk: (text: string) => string[] = whole): Redacted {
  if (item.events === undefined) {
    const redactor = new StreamRedactor({ knownValues: item.knownValues });
    const results = [...chunk(item.text).map((p) => redactor.push(p)), redactor.flush()];
    return { output: results.map((r) => r.output).join(""), input: "", findings: results.flatMap((r) => r.findings.map((f) => ({ ...f, stream: "output" as const }))) };
  }
  const terminal = new TerminalRedactor({ knownValues: item.knownValues });
  const masked: Record<TerminalStream, string> = { input: "", output: "" };
  const findings: TerminalFinding[] = [];
  for (const e of item.events) {
    for (const piece of chunk(e.data)) {
      const r = terminal.push(e.stream, piece);
      masked[e.stream] += r.output;
      findings.push(...r.findings);
    }
  }
  const last = terminal.flush();
  for (const stream of ["input", "output"] as const) {
    masked[stream] += last[stream].output;
    findings.push(...last[stream].findings);
  }
  return { output: masked.output, input: masked.input, findings };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** Whether every range is wholly masked by the findings' ranges. */
function covered(findings: TerminalFinding[], ranges: [number, number][]): boolean {
  const masked = findings.flatMap((f) => f.ranges ?? [[f.start, f.end]]).sort((a, b) => a[0] - b[0]);
  return ranges.every(([start, end]) => {
    let at = start;
    for (const [s, e] of masked) if (s <= at && e > at) at = e;
    return at >= end;
  });
}

/** The first 8-character piece of `secret` that `screen` shows, if any (a wrapped row reads on). */
export function shownPiece(screen: string, secret: string): string | null {
  const flat = screen.replace(/\n/g, "");
  if (secret.length < 8) return screen.includes(secret) || flat.includes(secret) ? secret : null;
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (screen.includes(piece) || flat.includes(piece)) return piece;
  }
  return null;
}

export async function evaluate(items: CorpusItem[] = buildCorpus(), options: { render?: Render; seed?: number } = {}): Promise<Evaluation> {
  const scores = new Map<string, FamilyScore>();
  const misses: Miss[] = [];
  const score = (family: string) => {
    let s = scores.get(family);
    if (s === undefined) {
      s = { family, secrets: 0, found: 0, findings: 0, correct: 0, recall: 1, precision: 1 };
      scores.set(family, s);
    }
    return s;
  };
  const modes = [
    ["whole", () => whole],
    ["trickled", (k: number) => trickle((options.seed ?? 1) + k)],
  ] as const;
  for (const [k, item] of items.entries()) {
    for (const [mode, chunker] of modes) {
      const r = redactItem(item, chunker(k));
      for (const secret of item.secrets) {
        const s = score(secret.family);
        s.secrets++;
        const why = await missing(item, secret, r, options.render);
        if (why === null) s.found++;
        else misses.push({ item: item.id, mode, family: secret.family, kind: "missed", detail: why });
      }
      for (const f of r.findings) {
        const s = score(f.family);
        s.findings++;
        if (item.secrets.some((secret) => secret.family === f.family && (secret.stream ?? "output") === f.stream && overlaps(f, secret))) s.correct++;
        else misses.push({ item: item.id, mode, family: f.family, kind: "wrong", detail: `${f.ruleId} on ${JSON.stringify(f.secret.slice(0, 60))}` });
      }
    }
  }
  for (const s of scores.values()) {
    s.recall = s.secrets === 0 ? 1 : s.found / s.secrets;
    s.precision = s.findings === 0 ? 1 : s.correct / s.findings;
  }
  return { scores: [...scores.values()].sort((a, b) => a.family.localeCompare(b.family)), misses };
}

/** Why a secret is not found, or null when it is. */
async function missing(item: CorpusItem, secret: ExpectedSecret, r: Redacted, render?: Render): Promise<string | null> {
  const stream = secret.stream ?? "output";
  const findings = r.findings.filter((f) => f.stream === stream);
  if (!findings.some((f) => f.family === secret.family && overlaps(f, secret))) return `no ${secret.family} finding over ${JSON.stringify(secret.value.slice(0, 60))}`;
  if (secret.screen === undefined || render === undefined) {
    return covered(findings, secret.ranges ?? [[secret.start, secret.end]]) ? null : `not wholly masked: ${JSON.stringify(secret.value.slice(0, 60))}`;
  }
  const before = await render(item.text);
  if (shownPiece(before, secret.screen) === null) throw new Error(`${item.id}: the item never shows its secret on screen`);
  const piece = shownPiece(await render(r.output), secret.screen);
  return piece === null ? null : `screen shows ${JSON.stringify(piece)}`;
}
