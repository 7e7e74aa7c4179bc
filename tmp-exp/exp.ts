import { openDatabase } from "@/db/client";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { randomUUID } from "node:crypto";
import { agents } from "@/db/schema";
import { createSession } from "@/lib/ingest/sessions";
import { appendEvents } from "@/lib/ingest/append-events";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { readMaskedEventRange } from "@/lib/sessions/session-events";
import headless from "@xterm/headless"; const { Terminal } = headless;
import serializeMod from "@xterm/addon-serialize"; const { SerializeAddon } = serializeMod;

const ESC = "\x1b";
const LINES = [
  ` ${ESC}[32m✓${ESC}[39m lib/chain/merkle.test.ts ${ESC}[2m(4 tests)${ESC}[22m ${ESC}[33m12${ESC}[2mms${ESC}[22m${ESC}[39m`,
  `src/server.ts(42,13): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
  `    at Object.<anonymous> (/home/dev/project/src/index.js:42:13)`,
  `{"level":"info","time":1714564800000,"msg":"request completed","statusCode":200,"responseTime":3.2,"reqId":"req-1a2b"}`,
  `   Compiling serde v1.0.193 (/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.193)`,
  `GET https://api.example.test/v1/users?page=2 200 OK 53ms`,
  `NAME                      READY   STATUS    RESTARTS   AGE`,
];
const url = process.argv[2];
const db0 = await openDatabase(url ? { url } : {});
const db = db0.db;
const aid = randomUUID();
await db.insert(agents).values({ id: aid, name: "exp", kind: "token", createdBy: "x" });
const agent = { id: aid, name: "exp", kind: "token" as const };
const { id } = await createSession(db, { agent, input: { cols: 120, rows: 40 } });
let t0 = performance.now();
let seq = 1, time = 0, bytes = 0, i = 0;
while (bytes < 50 * 1024 * 1024) {
  const lines: string[] = [];
  for (let b = 0; b < 1000; b++) {
    let data = "";
    const n = 1 + (i % 30);
    for (let k = 0; k < n; k++) data += LINES[(i + k) % LINES.length] + "\r\n";
    if (i % 500 === 7) data += `AWS_ACCESS_KEY_ID=AKIA${String(i).padStart(16, "Q").slice(0,16).replace(/[^A-Z0-9]/g,"Q")}\r\n`;
    time += i % 50 === 0 ? 2.5 : 0.07;
    bytes += data.length;
    lines.push(JSON.stringify([Number(time.toFixed(3)), "o", data]));
    i++;
  }
  const r = await appendEvents(db, { agent, sessionId: id, seq, batch: parseBatch(lines.join("\n") + "\n", "asciicast") });
  seq = r.next_seq;
}
console.log("ingest", seq - 1, "events", bytes, "bytes", time.toFixed(0), "s", Math.round(performance.now() - t0), "ms");
t0 = performance.now();
let after = 0, n = 0, out = 0;
const chunks: string[] = [];
for (;;) {
  const p = await readMaskedEventRange(db, id, after, 1000);
  for (const e of p.events) { n++; const d = e.body.data as string; out += d.length; chunks.push(d); }
  if (p.next_after === null) break;
  after = p.next_after;
}
console.log("masked pass", n, out, Math.round(performance.now() - t0), "ms");
t0 = performance.now();
const term = new Terminal({ cols: 120, rows: 40, allowProposedApi: true, scrollback: 0 });
const ser = new SerializeAddon();
term.loadAddon(ser as any);
let k = 0; let sers = 0; let serBytes = 0;
for (const c of chunks) {
  term.write(c);
  if (++k % 40 === 0) { await new Promise<void>((r) => term.write("", r)); const s0 = performance.now(); const s = ser.serialize({ scrollback: 0 }); sers += performance.now() - s0; serBytes += s.length; }
}
await new Promise<void>((r) => term.write("", r));
console.log("xterm write", Math.round(performance.now() - t0), "ms; serialize total", Math.round(sers), "ms, kf", Math.floor(k/40), "avg bytes", Math.round(serBytes / Math.floor(k/40)));
const [sz] = await queryRows<any>(db, sql`select pg_total_relation_size('events') as s`);
console.log(sz);
t0 = performance.now();
const gaps = await queryRows<any>(db, sql`select seq, time, gap from (select seq, time, time - lag(time) over (order by seq) as gap from events where session_id = ${id}) g where gap > 0.5`);
console.log("gaps", gaps.length, Math.round(performance.now() - t0), "ms");
await db0.close();
