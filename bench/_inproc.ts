import { randomBytes } from "node:crypto";
import { openDatabase } from "@/db/client";
import { createAgent } from "@/lib/auth/agent-tokens";
import { createSession } from "@/lib/ingest/sessions";
import { appendEvents } from "@/lib/ingest/append-events";
import { parseBatch } from "@/lib/protocol/parse-batch";
const db = (await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/flprof" })).db;
const a = await createAgent(db, { name: "q" + Date.now(), actor: "p" });
const agent = { id: a.id, name: "p", kind: "token" as const };
function makeBatch(t: number) { let out = ""; for (let i = 0; i < 1000; i++) { const d = randomBytes(200).toString("base64").slice(0, 198) + "\r\n"; out += `[${(t + i / 1000).toFixed(3)},"o",${JSON.stringify(d)}]\n`; } return out; }
const texts = Array.from({ length: 40 }, (_, i) => makeBatch(i));
for (const C of [4]) {
  const ids = await Promise.all(Array.from({ length: C }, async () => (await createSession(db, { agent, input: {} })).id));
  const t0 = performance.now();
  await Promise.all(ids.map(async (id) => { for (let b = 0; b < texts.length; b++) await appendEvents(db, { agent, sessionId: id, seq: b * 1000 + 1, batch: parseBatch(texts[b], "asciicast") }); }));
  console.log("C", C, "events/s", Math.round((C * 40000) / ((performance.now() - t0) / 1000)));
}
process.exit(0);
