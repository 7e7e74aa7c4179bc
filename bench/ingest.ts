// npm run bench (default): ingest through the HTTP API against a raw COPY of the same rows,
// and verification throughput, all on real Postgres.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { createAgent, createToken } from "@/lib/auth/agent-tokens";
import { generateSigningKey, signingKeyToPem } from "@/lib/chain";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import { log, report, requireDatabaseUrl, scratchDatabase, startServer } from "./harness";

const BATCH = 1000;
const EVENT_BYTES = 200;
const COLLECTORS = Number(process.env.BENCH_COLLECTORS ?? 4);
const BATCHES_PER_COLLECTOR = Number(process.env.BENCH_BATCHES ?? 50);

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
  log(`scratch database ${new URL(scratch.url).pathname.slice(1)}`);
  const database = await openDatabase({ url: scratch.url });
  // The server signs checkpoints with this key, so the verifier here can check them.
  const key = generateSigningKey();
  const server = await startServer({ DATABASE_URL: scratch.url, FLIGHTLOG_SIGNING_KEY: signingKeyToPem(key) });
  try {
    await createAgent(database.db, { name: "bench", actor: "bench" });
    const { token } = await createToken(database.db, { agent: "bench", ttlSeconds: 3600, actor: "bench" });
    const headers = { authorization: `Bearer ${token}` };

    const batches = Array.from({ length: BATCHES_PER_COLLECTOR }, (_, b) => makeBatch(b));
    const sessionIds: string[] = [];
    for (let c = 0; c < COLLECTORS; c++) {
      const res = await fetch(`${server.url}/api/v1/sessions`, { method: "POST", headers, body: JSON.stringify({ service: "shell" }) });
      sessionIds.push(((await res.json()) as { id: string }).id);
    }
    // Warm the route and the connection pool before timing.
    const warm = await fetch(`${server.url}/api/v1/sessions`, { method: "POST", headers, body: "{}" });
    const warmId = ((await warm.json()) as { id: string }).id;
    await post(server.url, headers, warmId, 1, batches[0]);

    log(`ingesting ${COLLECTORS} × ${BATCHES_PER_COLLECTOR} batches of ${BATCH} events`);
    const started = performance.now();
    await Promise.all(
      sessionIds.map(async (id) => {
        for (let b = 0; b < batches.length; b++) await post(server.url, headers, id, b * BATCH + 1, batches[b]);
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    const events = COLLECTORS * BATCHES_PER_COLLECTOR * BATCH;
    const ingestRate = events / ingestSeconds;

    // The COPY baseline: the same rows, as stored, copied raw into a table of the same shape.
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    await sql`create table events_copy_baseline (like events including all)`;
    const rows = await sql`
      select session_id, seq, time, type, body, encode(body_hash, 'hex') as bh, encode(prev_hash, 'hex') as ph, encode(entry_hash, 'hex') as eh, received_at
      from events where session_id in ${sql(sessionIds)} order by session_id, seq`;
    const lines = rows.map(
      (r) => `${r.session_id}\t${r.seq}\t${r.time}\t${r.type}\t${copyText(r.body)}\t\\\\x${r.bh}\t\\\\x${r.ph}\t\\\\x${r.eh}\t${r.received_at.toISOString()}\n`,
    );
    const copyStarted = performance.now();
    const writable = await sql`copy events_copy_baseline (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash, received_at) from stdin`.writable();
    await pipeline(
      (async function* () {
        for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join("");
      })(),
      writable as unknown as Writable,
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const copyRate = rows.length / copySeconds;
    await sql.end();

    report({ bench: "ingest", metric: "ingest_events_per_s", value: Math.round(ingestRate), events, seconds: round(ingestSeconds), batch: BATCH, event_bytes: EVENT_BYTES, collectors: COLLECTORS });
    report({ bench: "ingest", metric: "copy_events_per_s", value: Math.round(copyRate), events: rows.length, seconds: round(copySeconds) });
    report({ bench: "ingest", metric: "ingest_to_copy_ratio", value: round(ingestRate / copyRate), target: 0.5 });

    const verifyStarted = performance.now();
    for (const id of sessionIds) {
      const r = await verifyStoredChain(database.db, { chain: { kind: "session", chainId: id }, key });
      if (r.status !== "VALID") throw new Error(`session ${id} did not verify: ${r.reason}`);
    }
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    report({ bench: "verify", metric: "verify_events_per_s", value: Math.round(events / verifySeconds), events, seconds: round(verifySeconds), source: "postgres", target: 500_000 });
  } finally {
    await server.stop();
    await database.close();
    await scratch.drop();
  }
}

async function post(url: string, headers: Record<string, string>, id: string, seq: number, body: string) {
  const res = await fetch(`${url}/api/v1/sessions/${id}/events?seq=${seq}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-asciicast" },
    body,
  });
  if (res.status !== 200) throw new Error(`append failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** Escapes a value for COPY's text format. */
function copyText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

const round = (n: number) => Math.round(n * 1000) / 1000;
