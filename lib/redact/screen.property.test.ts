// The screen a real terminal emulator (xterm.js, as the player and keyframes use) draws from
// masked output never shows the secret, however the secret was put on screen: out of order,
// with typos fixed by backspace or cursor moves, over a progress line, coloured, wrapped, and
// pushed a few bytes at a time.
import headless from "@xterm/headless";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base62, crc32 } from "./checksum";
import { StreamRedactor } from "./stream-redactor";

const { Terminal } = headless;

const RANDOM30 = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0";
const SECRETS = [
  "AKIA5ZEJKQWAT43TA3O5",
  `ghp_${RANDOM30}${base62(crc32(RANDOM30), 6)}`,
  "sk_live_4eC39HqLyjWDarjtT1zdp7dcQ9",
  "glpat-AbCdEfGhIjKlMnOpQrSt",
  "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
];

async function screenOf(data: string, cols: number): Promise<string> {
  const term = new Terminal({ cols, rows: 12, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
  term.dispose();
  return lines.join("\n");
}

/** Whether the screen shows the secret or any 8-character run of it. */
function shows(screen: string, secret: string): string | null {
  const flat = screen.replace(/\n/g, ""); // a wrapped line reads on across the break
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (screen.includes(piece) || flat.includes(piece)) return piece;
  }
  return null;
}

type Move = "cr" | "column" | "back";
type Fix = "bs" | "bs-space" | "left";

interface Script {
  secret: string;
  prefix: string;
  cuts: number[];
  order: number[];
  moves: Move[];
  typos: { segment: number; at: number; fix: Fix }[];
  colour: boolean;
}

const ESC = "\x1b";

/** The bytes a program writes to put the secret on screen as the script says. */
function render(s: Script): string {
  const bounds = [0, ...s.cuts, s.secret.length];
  let out = s.prefix;
  // The prefix may end by returning to column 0 (a progress line about to be rewritten).
  let col = s.prefix.endsWith("\r") ? 0 : s.prefix.length;
  const base = s.prefix.endsWith("\r") ? 0 : s.prefix.length;
  const moveTo = (target: number, how: Move) => {
    if (target === col) return;
    if (how === "column") out += `${ESC}[${target + 1}G`;
    else if (how === "cr") out += "\r" + (target > 0 ? `${ESC}[${target}C` : "");
    else if (target < col) out += col - target <= 3 ? "\b".repeat(col - target) : `${ESC}[${col - target}D`;
    else out += `${ESC}[${target - col}C`;
    col = target;
  };
  const colour = (c: string, i: number) => (s.colour ? `${ESC}[3${1 + (i % 6)}m${c}` : c);
  for (const [k, segment] of s.order.entries()) {
    const from = bounds[segment];
    const to = bounds[segment + 1];
    moveTo(base + from, s.moves[k % s.moves.length]);
    for (let i = from; i < to; i++) {
      const typo = s.typos.find((t) => t.segment === segment && from + (t.at % (to - from)) === i);
      if (typo) {
        const wrong = s.secret[i] === "x" ? "y" : "x";
        out += colour(wrong, i);
        out += typo.fix === "bs" ? "\b" : typo.fix === "bs-space" ? "\b \b" : `${ESC}[D`;
      }
      out += colour(s.secret[i], i);
      col++;
    }
  }
  moveTo(base + s.secret.length, "column");
  return out + (s.colour ? `${ESC}[0m` : "") + " ok\r\n$ ";
}

const script: fc.Arbitrary<Script> = fc
  .record({
    secret: fc.constantFrom(...SECRETS),
    prefix: fc.constantFrom("", "key: ", "$ echo ", "Downloading 10%\r", "[#####     ] 50%\r"),
    cutFractions: fc.uniqueArray(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { maxLength: 4 }),
    moves: fc.array(fc.constantFrom<Move>("cr", "column", "back"), { minLength: 1, maxLength: 5 }),
    typos: fc.array(fc.record({ segment: fc.nat(4), at: fc.nat(40), fix: fc.constantFrom<Fix>("bs", "bs-space", "left") }), { maxLength: 3 }),
    colour: fc.boolean(),
    shuffle: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
  })
  .map(({ secret, prefix, cutFractions, moves, typos, colour, shuffle }) => {
    const cuts = [...new Set(cutFractions.map((f) => Math.max(1, Math.min(secret.length - 1, Math.round(f * secret.length)))))].sort((a, b) => a - b);
    const order = Array.from({ length: cuts.length + 1 }, (_, i) => i).sort((a, b) => (shuffle[a] ?? 0) - (shuffle[b] ?? 0) || a - b);
    return { secret, prefix, cuts, order, moves, typos: typos.filter((t) => t.segment <= cuts.length), colour };
  });

function maskInChunks(text: string, sizes: number[], cols: number): string {
  const r = new StreamRedactor({ cols });
  let out = "";
  let at = 0;
  for (let k = 0; at < text.length; k++) {
    const size = sizes.length > 0 ? sizes[k % sizes.length] : text.length;
    out += r.push(text.slice(at, at + size)).output;
    at += size;
  }
  return out + r.flush().output;
}

describe("masking what the screen shows", () => {
  it("never leaves a secret, or 8 characters of one, on the rendered screen", async () => {
    await fc.assert(
      fc.asyncProperty(script, fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 6 }), fc.constantFrom(40, 120), async (s, sizes, cols) => {
        const raw = render(s);
        // Only scripts that really put the whole secret on screen count (a carriage return on
        // a wrapped line goes back to the start of its last row, not of the secret).
        const before = await screenOf(raw, cols);
        fc.pre(before.includes(s.secret) || before.replace(/\n/g, "").includes(s.secret));
        const masked = maskInChunks(raw, sizes, cols);
        const leak = shows(await screenOf(masked, cols), s.secret);
        expect(leak, JSON.stringify(raw)).toBeNull();
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it("keeps the screen's layout: the mask sits in the secret's cells", async () => {
    const raw = "key: AKIA5ZEJZ\b \bKQWAT43TA3O5 ok\r\n";
    const masked = maskInChunks(raw, [], 80);
    const [before, after] = [await screenOf(raw, 80), await screenOf(masked, 80)];
    expect(before.split("\n")[0]).toBe("key: AKIA5ZEJKQWAT43TA3O5 ok");
    expect(after.split("\n")[0]).toMatch(/^key: [*[\]a-z-]{20} ok$/);
  });
});
