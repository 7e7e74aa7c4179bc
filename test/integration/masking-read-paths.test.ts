// Secrets that only a screen, a second stream, a structure or a decoder reveals, recorded through
// the real v1 routes and read back as an analyst through every read path: the events API, the
// replay stream and the screen a terminal draws from it, keyframes, the outline, in-session
// search, the exports and the exposure trace. No raw secret, nor 8 characters of one, appears.
import headless from "@xterm/headless";
import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { exportSessionBundle } from "@/lib/evidence/session-bundle";
import { Fakes, prng } from "@/lib/redact/corpus";
import { exportSession } from "@/lib/replay/export-session";
import { buildKeyframes } from "@/lib/replay/keyframes";
import { readReplayOutline } from "@/lib/replay/outline";
import { openReplayStream } from "@/lib/replay/replay-stream";
import { searchSession } from "@/lib/replay/search-session";
import { findSecretAs } from "@/lib/secrets/find-secret";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { viewSession } from "@/lib/sessions/view-session";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as eventsRoute from "@/app/api/v1/sessions/[id]/events/route";
import * as endRoute from "@/app/api/v1/sessions/[id]/end/route";
import { describeEachBackend } from "../db";
import { call, cast, setUpAgent } from "../api";

const { Terminal } = headless;
const fakes = new Fakes(prng(20261203));
const ESC = "\x1b";

// One secret per class of leak, each a fake in its real format.
const EDITED_KEY = `AKIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`; // 1. backspace inside the key
const PROGRESS_TOKEN = fakes.slackToken(); // 1. drawn over a progress line, end first
const TYPED_TOKEN = fakes.githubToken(); // 2. typed with input capture, echoed key by key
const KEY_AS_KEY = `AKIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`; // 3. a JSON object key
const SECRET_BY_NAME = fakes.awsSecret(); // 3. a tool input whose key names it
const SQL_PASSWORD = `Pw-${fakes.chars("abcdefghijkmnpqrstuvwxyz23456789", 14)}`; // 3. a SQL literal
const TITLE_KEY = fakes.stripeKey(); // 4. session metadata
const BASE64_KEY = fakes.openaiKey(); // 5. inside base64
const PEM = fakes.pem("EC PRIVATE KEY"); // 5. in a psql cell
const DB_PASSWORD = `db-${fakes.chars("abcdefghijkmnpqrstuvwxyz23456789", 16)}`; // 5. in a JSON-escaped URL
const PEM_BODY = PEM.split("\n").slice(1, -1);
const RAW = [EDITED_KEY, PROGRESS_TOKEN, TYPED_TOKEN, KEY_AS_KEY, SECRET_BY_NAME, SQL_PASSWORD, TITLE_KEY, BASE64_KEY, DB_PASSWORD, ...PEM_BODY];

const analyst: Viewer = { email: "analyst@flightlog.dev", name: null, roles: ["analyst"] };

function expectMasked(output: unknown, where: string) {
  const text = typeof output === "string" ? output : JSON.stringify(output);
  for (const secret of RAW) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const run = secret.slice(i, i + 8);
      if (text.includes(run)) expect.fail(`${where} shows "${run}" of ${secret}`);
    }
  }
}

async function screenOf(data: string): Promise<string> {
  const term = new Terminal({ cols: 200, rows: 60, scrollback: 1000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
  term.dispose();
  return lines.join("\n");
}

function psqlCell(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rows = lines.map((l, i) => `${i === 0 ? "  1" : "   "} | ${l.padEnd(width)}${i < lines.length - 1 ? "+" : ""}`);
  return [` id | ${"key".padEnd(width)}`, `----+-${"-".repeat(width)}-`, ...rows, "(1 row)", ""].join("\r\n");
}

/** The recording: what the terminal showed, with typed input apart, then structured events. */
function recording(): { cast: unknown[]; events: object[] } {
  const lines: unknown[] = [];
  let t = 0;
  const o = (data: string) => lines.push([(t += 0.05), "o", data]);
  const i = (data: string) => lines.push([(t += 0.05), "i", data]);
  o(`$ echo ${EDITED_KEY.slice(0, 8)}Z\b \b${EDITED_KEY.slice(8)}\r\n`);
  o(`Uploading 10%\rUploading 60%\r${ESC}[28G${PROGRESS_TOKEN.slice(20)}\rtoken: ${PROGRESS_TOKEN.slice(0, 20)}\r\n`);
  o("$ ");
  for (const key of `export GITHUB_TOKEN=${TYPED_TOKEN}`) {
    i(key);
    o(key);
  }
  i("\r");
  o("\r\n$ ");
  o(`$ echo "$KEY" | base64\r\n${Buffer.from(`OPENAI_API_KEY=${BASE64_KEY}\n`).toString("base64")}\r\n`);
  o(`$ psql -c 'select key from deploy_keys'\r\n${psqlCell(PEM.split("\n"))}`);
  o(`{"log":"connecting to postgres:\\/\\/app:${DB_PASSWORD}@db.internal:5432\\/app"}\r\n`);
  return {
    cast: lines,
    events: [
      { type: "tool_call", tool: "Bash", input: { env: { AWS_SECRET_ACCESS_KEY: SECRET_BY_NAME }, command: "aws s3 ls" } },
      { type: "tool_result", tool: "Bash", output: { AccessKeys: { [KEY_AS_KEY]: "Active" } } },
      { type: "query", query: `ALTER USER app WITH PASSWORD '${SQL_PASSWORD}';`, database: "app" },
      { type: "command", command: `psql -c "CREATE ROLE etl LOGIN PASSWORD '${SQL_PASSWORD}'"` },
    ],
  };
}

describeEachBackend("masking on every read path, for each class of leak", (ctx) => {
  let id: string;

  beforeAll(async () => {
    const { token } = await setUpAgent(ctx.database, "leaky-agent");
    const created = await call(sessionsRoute.POST, "POST", { token, body: { title: `rotate ${TITLE_KEY}`, cols: 200, rows: 60 } });
    id = created.json.id;
    const { cast: lines, events } = recording();
    const first = await call(eventsRoute.POST, "POST", { token, params: { id }, query: { seq: 1 }, body: cast(lines), contentType: "application/x-asciicast" });
    expect(first.status, first.text).toBe(200);
    const second = await call(eventsRoute.POST, "POST", {
      token,
      params: { id },
      query: { seq: lines.length + 1 },
      body: events.map((e) => JSON.stringify(e)).join("\n") + "\n",
      contentType: "application/x-ndjson",
    });
    expect(second.status, second.text).toBe(200);
    expect((await call(endRoute.POST, "POST", { token, params: { id } })).status).toBe(200);
  });

  it("stores what was received", async () => {
    const rows = await queryRows<{ body: string }>(ctx.db, sql`select body from events where session_id = ${id} order by seq`);
    const stored = rows.map((r) => r.body).join("\n");
    for (const secret of [TYPED_TOKEN[0], SQL_PASSWORD, SECRET_BY_NAME]) expect(stored).toContain(secret);
  });

  it("masks the events API, and the screen a terminal draws from it", async () => {
    const page = await readSessionEvents(ctx.db, { viewer: analyst, id, limit: 1000 });
    expectMasked(page, "the events API");
    const output = page.events.filter((e) => e.type === "output").map((e) => e.body.data).join("");
    expectMasked(await screenOf(output), "the screen drawn from masked output");
    // The raw recording does show every terminal secret on screen: the test reads real leaks.
    const raw = await screenOf(recording().cast.filter((l) => (l as unknown[])[1] === "o").map((l) => (l as string[])[2]).join(""));
    for (const secret of [EDITED_KEY, PROGRESS_TOKEN, TYPED_TOKEN]) expect(raw).toContain(secret);
  });

  it("masks the replay stream, keyframes and the outline", async () => {
    const stream = await new Response(await openReplayStream(ctx.db, { viewer: analyst, id, request: { time: 0 } })).text();
    expectMasked(stream, "the replay stream");
    await buildKeyframes(ctx.db, id);
    const keyframes = await queryRows<{ state: string }>(ctx.db, sql`select state from keyframes where session_id = ${id}`);
    expect(keyframes.length).toBeGreaterThan(0);
    expectMasked(keyframes, "the keyframes");
    for (const k of keyframes) expectMasked(await screenOf((JSON.parse(k.state) as { screen: string }).screen), "a keyframe's screen");
    const seek = await new Response(await openReplayStream(ctx.db, { viewer: analyst, id, request: { time: 100 } })).text();
    expectMasked(seek, "a seek from a keyframe");
    expectMasked(await readReplayOutline(ctx.db, { viewer: analyst, id }), "the outline");
  });

  it("finds nothing raw through in-session search", async () => {
    for (const query of ["token", "export", "PASSWORD", "AccessKeys", "psql", ...RAW.map((s) => s.slice(0, 8))]) {
      expectMasked(await searchSession(ctx.db, { viewer: analyst, id, query }), `search for ${query}`);
    }
  });

  it("masks the page, the exports and the exposure trace", async () => {
    expectMasked(await viewSession(ctx.db, { viewer: analyst, id }), "the session view");
    for (const format of ["asciicast", "text"]) {
      expectMasked(await new Response((await exportSession(ctx.db, { viewer: analyst, id, format })).body).text(), `the ${format} export`);
    }
    expectMasked(await exportSessionBundle(ctx.db, { sessionId: id, unmasked: false }), "the masked bundle");
    // Every secret was fingerprinted at ingest: the trace finds the session by each one.
    for (const secret of [EDITED_KEY, PROGRESS_TOKEN, TYPED_TOKEN, KEY_AS_KEY, SECRET_BY_NAME, SQL_PASSWORD, BASE64_KEY, DB_PASSWORD]) {
      const found = await findSecretAs(ctx.db, { viewer: analyst, query: secret });
      expect(found.occurrences.map((o) => o.sessionId), `the trace of ${secret.slice(0, 6)}…`).toContain(id);
      expectMasked(found, "the exposure trace");
    }
  });
});
