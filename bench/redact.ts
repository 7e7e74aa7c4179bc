// Redaction benchmark: recall and precision per family over the labelled corpus (every family
// crossed with every context, whole and trickled), then
// single-threaded throughput on at least 50 MB of mixed terminal output (mostly ordinary output,
// with a corpus item now and then), then the built `flightlog redact` as a whole process: its
// start time, and its throughput on 64 MB of the same output, startup included. Prints one JSON
// object per line.
import { spawn } from "node:child_process";
import headless from "@xterm/headless";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildCliIfStale } from "../scripts/build-cli.mjs";
import { buildCorpus, Fakes, negatives, prng } from "../lib/redact/corpus";
import { evaluate } from "../lib/redact/evaluate";
import { StreamRedactor } from "../lib/redact";

const TARGET_BYTES = 50 * 1024 * 1024;
const CHUNK = 16 * 1024;

const ESC = "\x1b";
const ORDINARY = [
  `drwxr-xr-x  5 dev staff   160 May  1 12:00 ${ESC}[01;34mnode_modules${ESC}[0m`,
  `-rw-r--r--  1 dev staff  2311 May  1 12:00 package.json`,
  ` ${ESC}[32m✓${ESC}[39m lib/chain/merkle.test.ts ${ESC}[2m(4 tests)${ESC}[22m ${ESC}[33m12${ESC}[2mms${ESC}[22m${ESC}[39m`,
  `src/server.ts(42,13): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
  `    at Object.<anonymous> (/home/dev/project/src/index.js:42:13)`,
  `{"level":"info","time":1714564800000,"msg":"request completed","statusCode":200,"responseTime":3.2,"reqId":"req-1a2b"}`,
  `   Compiling serde v1.0.193 (/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.193)`,
  `GET https://api.example.test/v1/users?page=2 200 OK 53ms`,
  `${ESC}[1m${ESC}[31merror${ESC}[0m${ESC}[1m: unused variable: \`config\`${ESC}[0m`,
  `commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9012345 (HEAD -> main, origin/main)`,
  `2024-05-01 12:00:01.123 UTC [4211] LOG:  checkpoint complete: wrote 42 buffers (0.3%); 0 WAL file(s) added`,
  `NAME                      READY   STATUS    RESTARTS   AGE`,
  `api-7d9f8c6b5-x2x9k       1/1     Running   0          3d2h`,
  `added 312 packages, and audited 313 packages in 4s — found 0 vulnerabilities`,
  `[+] Building 12.3s (14/14) FINISHED                                   docker:default`,
  ` => [internal] load build definition from Dockerfile                          0.0s`,
  `The quick brown fox jumps over the lazy dog; keyboard shortcuts are listed under Help.`,
  `${ESC}[?25l${ESC}[2K${ESC}[1G⠋ Installing dependencies…${ESC}[?25h`,
];

/**
 * Mixed output: ANSI colour, listings, logs, JSON, tables and a spinner, with a secret about
 * every 4 KiB and now and then a tricky negative. The secrets are corpus items printed plainly
 * (every family in its own contexts: coloured logs, env dumps, JSON, YAML, tables, traces…), or
 * with `cross`, items of every family in every context (base64, escaped, in psql cells, edited
 * on screen…), which cost the masker several times more per byte.
 */
export function mixedOutput(bytes: number, options: { cross?: boolean } = {}): string {
  const f = new Fakes(prng(99));
  const corpus = options.cross ? buildCorpus({ seed: 7 }) : buildCorpus({ seed: 7, perCrossContext: 0 });
  const items = corpus.filter((item) => item.secrets.length > 0 && item.events === undefined);
  const tricky = negatives(f).map((n) => n.text);
  const parts: string[] = [];
  let size = 0;
  let sinceSecret = 0;
  let nextItem = 0;
  for (let i = 0; size < bytes; i++) {
    let line: string;
    if (sinceSecret >= 4096) {
      line = items[nextItem++ % items.length].text;
      sinceSecret = 0;
    } else if (i % 97 === 96) line = tricky[(i / 97) % tricky.length | 0];
    else line = ORDINARY[(i * 7) % ORDINARY.length] + "\r\n";
    parts.push(line);
    const n = Buffer.byteLength(line);
    size += n;
    sinceSecret += n;
  }
  return parts.join("");
}

/** The terminal's whole buffer as text, as xterm.js (the player's emulator) draws it. */
async function renderScreen(data: string): Promise<string> {
  const term = new headless.Terminal({ cols: 1000, rows: 50, scrollback: 2000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
  term.dispose();
  return lines.join("\n");
}

function print(obj: object): void {
  process.stdout.write(JSON.stringify({ bench: "redact", ...obj }) + "\n");
}

export async function run(): Promise<void> {
  // Each corpus item whole and trickled one to five characters at a time; a real terminal
  // emulator judges the secrets only the screen shows whole.
  const { scores } = await evaluate(buildCorpus(), { render: renderScreen });
  for (const s of scores) {
    print({ family: s.family, recall: round(s.recall), precision: round(s.precision), secrets: s.secrets, findings: s.findings });
  }

  for (const [metric, cross] of [["throughput_mb_per_s", false], ["throughput_cross_contexts_mb_per_s", true]] as const) {
    const input = mixedOutput(TARGET_BYTES, { cross });
    print({ metric, ...throughput(input) });
  }

  await runProcess();
}

/** The redactor's single-threaded speed on `input` pushed in 16 KiB chunks: best of five, after a warm-up. */
function throughput(input: string) {
  const bytes = Buffer.byteLength(input);
  const chunks: string[] = [];
  for (let at = 0; at < input.length; at += CHUNK) chunks.push(input.slice(at, at + CHUNK));
  const once = () => {
    const redactor = new StreamRedactor({ fingerprint: (s) => s.length.toString(16).padStart(4, "0") });
    let findings = 0;
    for (const chunk of chunks) findings += redactor.push(chunk).findings.length;
    return findings + redactor.flush().findings.length;
  };
  once(); // warm up the JIT
  // Best of five: the figure is the redactor's speed, not that of whatever else shares the CPU.
  let seconds = Infinity;
  let findings = 0;
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    findings = once();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { value: round(bytes / 1e6 / seconds), bytes, seconds: round(seconds), chunk_bytes: CHUNK, findings };
}

const PROCESS_BYTES = 64 * 1024 * 1024;
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "collector", "bin", "flightlog.mjs");

/** One run of the built `flightlog redact`, timed from spawn to exit; stdin and stdout are pipes. */
function redactProcess(input: Buffer): Promise<{ seconds: number; outBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, "redact"], { stdio: ["pipe", "pipe", "inherit"] });
    let outBytes = 0;
    child.stdout.on("data", (d: Buffer) => (outBytes += d.length));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`flightlog redact exited with ${code}`));
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, outBytes });
    });
    child.stdin.end(input);
  });
}

/** The figures a pipeline sees: `producer | flightlog redact | consumer`, startup included. */
async function runProcess(): Promise<void> {
  await buildCliIfStale();
  const startups: number[] = [];
  for (let i = 0; i < 10; i++) startups.push((await redactProcess(Buffer.alloc(0))).seconds * 1000);
  startups.sort((a, b) => a - b);
  print({ metric: "process_startup_ms", value: round(startups[5]), min: round(startups[0]), runs: startups.length, command: "flightlog redact < /dev/null" });

  const input = Buffer.from(mixedOutput(PROCESS_BYTES));
  // Best of three, as above: the figure is the command's, not that of whatever shares the CPU.
  let best = { seconds: Infinity, outBytes: 0 };
  for (let i = 0; i < 3; i++) {
    const r = await redactProcess(input);
    if (r.seconds < best.seconds) best = r;
  }
  print({ metric: "process_throughput_mb_per_s", value: round(input.length / 1e6 / best.seconds), bytes: input.length, seconds: round(best.seconds), out_bytes: best.outBytes, command: "flightlog redact", startup_included: true });
}

const round = (x: number) => Math.round(x * 1000) / 1000;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
