// npm run bench (default): ingest through the HTTP API against a raw COPY of the same rows,
// and verification throughput, all on real Postgres. Each figure is the median of ROUNDS runs,
// alternating COPY and ingest, so background work (autovacuum, checkpoints) hits both alike.
// The ratio is the median of each round's ingest over the COPY just before it: on a shared
// machine whose speed drifts from second to second, neighbours in time are the fair pairs.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { availableParallelism } from "node:os";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { createAgent, createToken } from "@/lib/auth/agent-tokens";
import { generateSigningKey, signingKeyToPem, verifyBundle } from "@/lib/chain";
import { exportBundle } from "@/lib/evidence/export-bundle";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import { cpuPerUnit, cpuSample, log, report, requireDatabaseUrl, scratchDatabase, startServer, type CpuSample } from "./harness";

const BATCH = 1000;
const EVENT_BYTES = 200;
// Collectors post concurrently, each its own session, batch after batch. Enough of them to keep
// every server worker busy while some wait on their commits, as a server with many agents is.
const COLLECTORS = Number(process.env.BENCH_COLLECTORS ?? 8);
const BATCHES_PER_COLLECTOR = Number(process.env.BENCH_BATCHES ?? 25);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Untimed batches per collector first, so the rounds measure compiled code, not the JIT's first passes. */
const WARM_BATCHES = 5;
/** Server processes: one per core, the way a Postgres-backed deployment runs. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());

/** A batch of 200-byte printable output events, the shape of busy terminal output. */
function makeBatch(startTime: number): string {
  let out = "";
  for (let i = 0; i < BATCH; i++) {
    const data = randomBytes(EVENT_BYTES).toString("base64").slice(0, EVENT_BYTES - 2) + "\r\n";
    out += `[${(startTime + i / 1000).toFixed(3)},"o",${JSON.stringify(data)}]\n`;
  }
  return out;
}

export async function run() {
  const base = requireDatabaseUrl();
  const scratch = await scratchDatabase(base);
  log(`scratch database ${new URL(scratch.url).pathname.slice(1)}, ${WORKERS} server workers`);
  const database = await openDatabase({ url: scratch.url });
  // The server signs checkpoints with this key, so the verifier here can check them.
  const key = generateSigningKey();
  // Several workers need a real identity provider's configuration; no one signs in here.
  const server = await startServer({
    DATABASE_URL: scratch.url,
    FLIGHTLOG_SIGNING_KEY: signingKeyToPem(key),
    FLIGHTLOG_WORKERS: String(WORKERS),
    OIDC_ISSUER: "https://idp.bench.invalid",
    OIDC_CLIENT_ID: "bench",
    OIDC_CLIENT_SECRET: "bench",
  });
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    await createAgent(database.db, { name: "bench", actor: "bench" });
    const { token } = await createToken(database.db, { agent: "bench", ttlSeconds: 3600, actor: "bench" });
    const headers = { authorization: `Bearer ${token}` };
    const batches = Array.from({ length: BATCHES_PER_COLLECTOR }, (_, b) => makeBatch(b));
    const events = COLLECTORS * BATCHES_PER_COLLECTOR * BATCH;
    const newSession = async () => {
      const res = await fetch(`${server.url}/api/v1/sessions`, { method: "POST", headers, body: JSON.stringify({ service: "shell" }) });
      return ((await res.json()) as { id: string }).id;
    };

    // Warm every worker's route, code and connection pool before timing; these rows seed the COPY.
    const warmIds = await Promise.all(Array.from({ length: COLLECTORS }, newSession));
    await Promise.all(
      warmIds.map(async (id) => {
        for (let b = 0; b < Math.min(WARM_BATCHES, batches.length); b++) await post(server.url, headers, id, b * BATCH + 1, batches[b]);
      }),
    );
    const lines = await copyLines(sql, warmIds, events);
    await sql`create table events_copy_baseline (like events including all)`;

    const ingestRates: number[] = [];
    const copyRates: number[] = [];
    // CPU spent by each process group during the timed parts, summed over the rounds.
    const spent = { ingest: [] as { before: CpuSample | null; after: CpuSample | null }[], copy: [] as { before: CpuSample | null; after: CpuSample | null }[] };
    let verifyIds: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      await sql`truncate events_copy_baseline`;
      const copyCpu = cpuSample(server.child.pid);
      const copyStarted = performance.now();
      const writable = await sql`copy events_copy_baseline (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash) from stdin`.writable();
      await pipeline(
        (async function* () {
          for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join("");
        })(),
        writable as unknown as Writable,
      );
      const copyRate = lines.length / ((performance.now() - copyStarted) / 1000);
      spent.copy.push({ before: copyCpu, after: cpuSample(server.child.pid) });

      const ids = await Promise.all(Array.from({ length: COLLECTORS }, newSession));
      const ingestCpu = cpuSample(server.child.pid);
      const started = performance.now();
      await Promise.all(
        ids.map(async (id) => {
          for (let b = 0; b < batches.length; b++) await post(server.url, headers, id, b * BATCH + 1, batches[b]);
        }),
      );
      const ingestRate = events / ((performance.now() - started) / 1000);
      spent.ingest.push({ before: ingestCpu, after: cpuSample(server.child.pid) });
      log(`round ${round}: ingest ${Math.round(ingestRate)} events/s, copy ${Math.round(copyRate)} rows/s`);
      ingestRates.push(ingestRate);
      copyRates.push(copyRate);
      verifyIds = ids;
    }

    const ingest = median(ingestRates);
    const copy = median(copyRates);
    report({ bench: "ingest", metric: "ingest_events_per_s", value: Math.round(ingest), rounds: ingestRates.map(Math.round), events, batch: BATCH, event_bytes: EVENT_BYTES, collectors: COLLECTORS, server_workers: WORKERS });
    report({ bench: "ingest", metric: "copy_events_per_s", value: Math.round(copy), rounds: copyRates.map(Math.round), events });
    const ratios = ingestRates.map((rate, i) => rate / copyRates[i]);
    report({ bench: "ingest", metric: "ingest_to_copy_ratio", value: round3(median(ratios)), rounds: ratios.map(round3), ratio_of_medians: round3(ingest / copy), target: 0.5 });
    // Where the CPU goes: the machine's cores are shared by the server, Postgres and this load generator.
    const cpu = (runs: typeof spent.ingest) => cpuPerUnit(sumSamples(runs.map((r) => r.before)), sumSamples(runs.map((r) => r.after)), events * runs.length);
    report({ bench: "ingest", metric: "ingest_cpu_us_per_event", ...cpu(spent.ingest) });
    report({ bench: "ingest", metric: "copy_cpu_us_per_event", ...cpu(spent.copy) });

    const verifyStarted = performance.now();
    for (const id of verifyIds) {
      const r = await verifyStoredChain(database.db, { chain: { kind: "session", chainId: id }, key });
      if (r.status !== "VALID") throw new Error(`session ${id} did not verify: ${r.reason}`);
    }
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    report({ bench: "verify", metric: "verify_events_per_s", value: Math.round(events / verifySeconds), events, seconds: round3(verifySeconds), source: "postgres", target: 500_000 });

    // The offline verifier alone: one session's evidence bundle, already in memory.
    const bundle = JSON.parse(JSON.stringify(await exportBundle(database.db, { chain: { kind: "session", chainId: verifyIds[0] }, key })));
    const bundleStarted = performance.now();
    const offline = verifyBundle(bundle, key.publicKeyRaw);
    const bundleSeconds = (performance.now() - bundleStarted) / 1000;
    if (offline.status !== "VALID") throw new Error(`the bundle did not verify: ${offline.reason}`);
    report({ bench: "verify", metric: "verify_bundle_events_per_s", value: Math.round(bundle.events.length / bundleSeconds), events: bundle.events.length, seconds: round3(bundleSeconds), source: "memory" });
  } finally {
    await sql.end();
    await server.stop();
    await database.close();
    await scratch.drop();
  }
}

/** COPY text lines for `count` rows shaped exactly like stored events (repeating the warm-up rows). */
async function copyLines(sql: postgres.Sql, sessionIds: string[], count: number): Promise<string[]> {
  const rows = await sql`
    select session_id, seq, time, type, body, encode(body_hash, 'hex') as bh, encode(prev_hash, 'hex') as ph, encode(entry_hash, 'hex') as eh
    from events where session_id in ${sql(sessionIds)} order by session_id, seq`;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rows[i % rows.length];
    // Distinct keys: a fresh session id per pass over the sample rows.
    const session = `${r.session_id.slice(0, 24)}${(Math.floor(i / rows.length) + 1).toString(16).padStart(12, "0")}`;
    lines.push(`${session}\t${r.seq}\t${r.time}\t${r.type}\t${copyText(r.body)}\t\\\\x${r.bh}\t\\\\x${r.ph}\t\\\\x${r.eh}\n`);
  }
  return lines;
}

// The collectors share the machine with the server and Postgres, so they post with node:http
// and pre-encoded bodies over kept-alive connections: as little load-generator work as possible.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, headers: Record<string, string>, id: string, seq: number, body: string): Promise<void> {
  // One Buffer per batch text, reused by every collector.
  let bytes = bodyBytes.get(body);
  if (!bytes) {
    bytes = Buffer.from(body);
    bodyBytes.set(body, bytes);
  }
  const payload = bytes;
  const target = new URL(`${url}/api/v1/sessions/${id}/events?seq=${seq}`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method: "POST", agent, headers: { ...headers, "content-type": "application/x-asciicast", "content-length": payload.length } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`append failed: ${res.statusCode} ${text}`))));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
const bodyBytes = new Map<string, Buffer>();

/** Escapes a value for COPY's text format. */
function copyText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function sumSamples(samples: (CpuSample | null)[]): CpuSample | null {
  if (samples.some((x) => !x)) return null;
  return samples.reduce<CpuSample>((a, x) => ({ server: a.server + x!.server, postgres: a.postgres + x!.postgres, bench: a.bench + x!.bench }), { server: 0, postgres: 0, bench: 0 });
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
