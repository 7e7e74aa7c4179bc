import headless from "@xterm/headless";
import { buildCorpus } from "./lib/redact/corpus";
import { evaluate } from "./lib/redact/evaluate";
const { Terminal } = headless;
async function render(data: string) {
  const term = new Terminal({ cols: 1000, rows: 50, scrollback: 2000, allowProposedApi: true });
  await new Promise<void>((r) => term.write(data, r));
  const b = term.buffer.active; const lines: string[] = [];
  for (let y = 0; y < b.length; y++) lines.push(b.getLine(y)?.translateToString(true) ?? "");
  term.dispose(); return lines.join("\n");
}
const items = buildCorpus();
console.log("items", items.length);
const t0 = Date.now();
const { scores, misses } = await evaluate(items, { render });
console.log("ms", Date.now() - t0);
for (const s of scores) console.log(s.family.padEnd(12), s.secrets, "recall", s.recall.toFixed(3), "precision", s.precision.toFixed(3));
const byCtx = new Map<string, number>();
for (const m of misses) { const ctx = m.item.split("/")[1] + " " + m.kind + " " + m.family; byCtx.set(ctx, (byCtx.get(ctx) ?? 0) + 1); }
console.log([...byCtx].sort((a, b) => b[1] - a[1]).slice(0, 60));
import { writeFileSync } from "node:fs";
writeFileSync("/tmp/ev/misses.json", JSON.stringify(misses, null, 1));
writeFileSync("/tmp/ev/items.json", JSON.stringify(items));
