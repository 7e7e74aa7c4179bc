// npm run bench -- replay: a 1-hour session with 50 MB of terminal output, recorded through the
// ingest API, replayed in Chromium. Prints the time to the first frame (cold, warm and at a deep
// link), the keyframe build time, and the p50/p95 of seeks to random points on the timeline,
// each measured in the page from the input event to the rendered frame. On the embedded
// database by default; on a scratch Postgres database when DATABASE_URL is set.
import { chromium, type Page } from "@playwright/test";
import { log, report, scratchDatabase, startServer } from "./harness";

const TARGET_BYTES = Number(process.env.BENCH_REPLAY_BYTES ?? 50 * 1024 * 1024);
const DURATION = 3600;
const COLS = 120;
const ROWS = 36;
const SEEKS = Number(process.env.BENCH_SEEKS ?? 60);
const SEEK_PAUSE_MS = 150;
const LOADS = 5;
/** Append batches stay well under the protocol's 8 MiB body and 10,000 events. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_EVENTS = 5000;

const ESC = "\x1b";

/** A small deterministic PRNG (mulberry32), so every run records the same session. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMANDS = ["npm test", "npm run build", "cargo build --release", "kubectl get pods -A", "terraform plan", "pytest -q", "docker build -t api .", "git log --stat", "go test ./...", "tail -f /var/log/app.log"];
const LINES = [
  (r: () => number) => ` ${ESC}[32m✓${ESC}[39m src/module-${Math.floor(r() * 900)}.test.ts ${ESC}[2m(${Math.floor(r() * 40)} tests)${ESC}[22m ${ESC}[33m${Math.floor(r() * 900)}ms${ESC}[39m`,
  (r: () => number) => `   Compiling crate-${Math.floor(r() * 500)} v0.${Math.floor(r() * 20)}.${Math.floor(r() * 9)} (/home/dev/.cargo/registry/src/index.crates.io/crate)`,
  (r: () => number) => `{"level":"info","time":${1714564800000 + Math.floor(r() * 1e9)},"msg":"request completed","statusCode":200,"responseTime":${(r() * 90).toFixed(1)}}`,
  (r: () => number) => `api-${Math.floor(r() * 1e6).toString(36)}-x2x9k   1/1   ${ESC}[32mRunning${ESC}[0m   0   ${Math.floor(r() * 30)}d`,
  (r: () => number) => `${ESC}[1m${ESC}[31merror${ESC}[0m${ESC}[1m: unused variable \`cfg_${Math.floor(r() * 99)}\`${ESC}[0m --> src/lib.rs:${Math.floor(r() * 900)}:9`,
  (r: () => number) => `    at handler (/srv/app/src/routes/route-${Math.floor(r() * 80)}.js:${Math.floor(r() * 300)}:13)`,
  (r: () => number) => `2026-11-25 12:00:${String(Math.floor(r() * 60)).padStart(2, "0")}.123 UTC [4211] LOG:  checkpoint complete: wrote ${Math.floor(r() * 900)} buffers`,
];
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

interface Recorded {
  batches: { format: "asciicast" | "ndjson"; body: string }[];
  bytes: number;
}

/**
 * The session: tasks of an agent, each a marker, a command and a tool call, then a burst of
 * coloured output (with progress bars, a screen clear or a pager in the alternate screen now
 * and then, and sometimes a fake AWS key), then an idle gap; one resize. Output event sizes are
 * scaled so the whole session holds TARGET_BYTES.
 */
function recordSession(): Recorded {
  const r = prng(20261125);
  // First the shape: when each output event happens.
  type Planned = { time: number; kind: "output" } | { time: number; kind: "task"; n: number } | { time: number; kind: "resize" };
  const plan: Planned[] = [];
  let t = 0;
  for (let n = 0; t < DURATION - 30; n++) {
    plan.push({ time: t, kind: "task", n });
    const burst = 2 + r() * 25;
    for (let s = 0; s < burst; s += 0.02 + r() * 0.15) plan.push({ time: t + s + 0.05, kind: "output" });
    t += burst + 0.5 + (r() < 0.2 ? 20 + r() * 60 : r() * 6);
    if (n === 40) plan.push({ time: t - 0.1, kind: "resize" });
  }
  const outputs = plan.filter((p) => p.kind === "output").length;
  const perEvent = TARGET_BYTES / outputs;

  const batches: Recorded["batches"] = [];
  let current = { format: "asciicast" as "asciicast" | "ndjson", lines: [] as string[], bytes: 0 };
  const flush = () => {
    if (current.lines.length > 0) batches.push({ format: current.format, body: current.lines.join("\n") + "\n" });
    current = { format: current.format, lines: [], bytes: 0 };
  };
  const add = (format: "asciicast" | "ndjson", line: string) => {
    if (current.format !== format || current.bytes > BATCH_BYTES || current.lines.length >= BATCH_EVENTS) {
      flush();
      current.format = format;
    }
    current.lines.push(line);
    current.bytes += line.length;
  };
  let bytes = 0;
  for (const p of plan) {
    const time = Number(p.time.toFixed(4));
    if (p.kind === "task") {
      const command = COMMANDS[p.n % COMMANDS.length];
      if (p.n % 3 === 0) add("asciicast", JSON.stringify([time, "m", `task ${p.n}: ${command}`]));
      add("ndjson", JSON.stringify({ type: "command", time, command, exit_code: 0 }));
      add("ndjson", JSON.stringify({ type: "tool_call", time, tool: "Bash", call_id: `t${p.n}`, input: { command } }));
      continue;
    }
    if (p.kind === "resize") {
      add("asciicast", JSON.stringify([time, "r", "140x40"]));
      continue;
    }
    const budget = perEvent * (0.4 + r() * 1.2);
    let data = "";
    const roll = r();
    if (roll < 0.01) data += `${ESC}[2J${ESC}[H`;
    else if (roll < 0.015) data += `${ESC}[?1049h${ESC}[H${ESC}[7m(less) pager ${Math.floor(r() * 99)}${ESC}[0m\r\n`;
    else if (roll < 0.02) data += `${ESC}[?1049l`;
    if (r() < 0.004) {
      let key = "AKIA";
      for (let i = 0; i < 16; i++) key += BASE32[Math.floor(r() * 32)];
      data += `export AWS_ACCESS_KEY_ID=${key}\r\n`;
    }
    while (data.length < budget) {
      if (r() < 0.05) {
        const pct = Math.floor(r() * 100);
        data += `\r${ESC}[2K[${"#".repeat(pct >> 2)}${" ".repeat(25 - (pct >> 2))}] ${pct}%`;
      } else data += `${LINES[Math.floor(r() * LINES.length)](r)}\r\n`;
    }
    bytes += data.length;
    add("asciicast", JSON.stringify([time, "o", data]));
  }
  flush();
  batches.unshift({ format: "asciicast", body: JSON.stringify({ version: 2, width: COLS, height: ROWS }) + "\n" });
  return { batches, bytes };
}

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/signin`);
  await page.getByTestId("sign-in").click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.fill('input[name="email"]', "admin@flightlog.dev");
  await page.fill('input[name="password"]', "flightlog");
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith("/oidc") && !u.pathname.startsWith("/api/auth"));
}

interface Frame {
  at: number;
  cause: string;
  ms: number;
  seq: number;
}

/** Waits for the player's next rendered frame (see components/player/player.tsx). */
async function nextFrame(page: Page, seen: number): Promise<Frame> {
  await page.waitForFunction((n) => ((window as unknown as { __frames?: unknown[] }).__frames?.length ?? 0) > n, seen, { timeout: 60_000 });
  return page.evaluate((n) => (window as unknown as { __frames: Frame[] }).__frames[n], seen);
}

/** Opens a session page once the previous one has gone quiet, and waits for its first frame. */
async function openSession(page: Page, url: string): Promise<Frame> {
  await page.waitForLoadState("networkidle");
  await page.goto(url);
  return nextFrame(page, 0);
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round1 = (n: number) => Math.round(n * 10) / 10;

export async function run() {
  const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : null;
  const backend = scratch ? "postgres" : "pglite";
  log(`backend ${backend}; recording ${(TARGET_BYTES / 1024 / 1024).toFixed(0)} MB over ${DURATION} s`);
  const server = await startServer(scratch ? { DATABASE_URL: scratch.url } : {});
  // Sign-in cookies and OIDC redirects are issued for the configured URL, which names localhost.
  const base = server.url.replace("127.0.0.1", "localhost");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      const w = window as unknown as { __frames: unknown[] };
      w.__frames = [];
      document.addEventListener("flightlog:frame", (e) => w.__frames.push({ at: performance.now(), ...(e as CustomEvent).detail }));
    });
    const page = await context.newPage();
    await signIn(page, base);

    const agent = await (await page.request.post(`${base}/api/console/agents`, { data: { name: "bench-replay" } })).json();
    const { token } = await (await page.request.post(`${base}/api/console/agents/${agent.id}/tokens`, { data: { ttl: "2h" } })).json();
    const headers = { authorization: `Bearer ${token}` };
    const recorded = recordSession();
    const ingestStarted = performance.now();
    const created = await fetch(`${base}/api/v1/sessions`, { method: "POST", headers, body: JSON.stringify({ service: "shell", title: "bench: 1 hour, 50 MB", cols: COLS, rows: ROWS }) });
    const { id } = (await created.json()) as { id: string };
    let seq = 1;
    for (const batch of recorded.batches) {
      const res = await fetch(`${base}/api/v1/sessions/${id}/events?seq=${seq}`, {
        method: "POST",
        headers: { ...headers, "content-type": batch.format === "asciicast" ? "application/x-asciicast" : "application/x-ndjson" },
        body: batch.body,
      });
      if (res.status !== 200) throw new Error(`append failed: ${res.status} ${await res.text()}`);
      seq = ((await res.json()) as { next_seq: number }).next_seq;
    }
    await fetch(`${base}/api/v1/sessions/${id}/end`, { method: "POST", headers });
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    report({ bench: "replay", metric: "session", backend, events: seq - 1, output_bytes: recorded.bytes, duration_s: DURATION, ingest_s: round1(ingestSeconds) });
    log(`recorded ${seq - 1} events in ${ingestSeconds.toFixed(1)} s`);

    const url = `${base}/sessions/${id}`;
    // Cold: nothing cached. Opening at the start needs no keyframe; the page's outline request
    // then starts building them, which is timed until the outline is complete.
    const openedAt = performance.now();
    const cold = await openSession(page, url);
    report({ bench: "replay", metric: "first_frame_cold_ms", value: round1(cold.at), target: 1000 });
    for (;;) {
      const outline = await (await page.request.get(`${base}/api/console/sessions/${id}/replay/outline`)).json();
      if (outline.complete) {
        report({ bench: "replay", metric: "keyframe_build_ms", value: Math.round(performance.now() - openedAt - cold.at), events: outline.lastSeq, entries: outline.entries.length });
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }

    const warm: number[] = [];
    for (let i = 0; i < LOADS; i++) warm.push((await openSession(page, url)).at);
    report({ bench: "replay", metric: "first_frame_ms", value: round1(percentile(warm, 50)), max: round1(Math.max(...warm)), loads: LOADS, target: 1000 });

    const r = prng(7);
    const deep: number[] = [];
    for (let i = 0; i < LOADS; i++) deep.push((await openSession(page, `${url}?t=${(r() * DURATION).toFixed(1)}`)).at);
    report({ bench: "replay", metric: "first_frame_deep_link_ms", value: round1(percentile(deep, 50)), max: round1(Math.max(...deep)), loads: LOADS, target: 1000 });

    // Seeks: clicks at random points of the timeline, timed from the click to the frame. Each
    // click waits until the previous frame has been painted, as a person's would.
    await openSession(page, url);
    await page.waitForLoadState("networkidle");
    const seeks: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      await page.waitForTimeout(SEEK_PAUSE_MS);
      const box = (await page.getByTestId("player-timeline").boundingBox())!;
      const seen = await page.evaluate(() => (window as unknown as { __frames: unknown[] }).__frames.length);
      await page.mouse.click(box.x + 2 + r() * (box.width - 4), box.y + box.height / 2);
      const frame = await nextFrame(page, seen);
      if (frame.cause !== "timeline") throw new Error(`unexpected frame ${frame.cause}`);
      seeks.push(frame.ms);
    }
    report({ bench: "replay", metric: "seek_p50_ms", value: round1(percentile(seeks, 50)), seeks: SEEKS });
    report({ bench: "replay", metric: "seek_p95_ms", value: round1(percentile(seeks, 95)), max: round1(Math.max(...seeks)), seeks: SEEKS, target: 150 });
  } finally {
    await browser.close();
    await server.stop();
    await scratch?.drop();
  }
}
