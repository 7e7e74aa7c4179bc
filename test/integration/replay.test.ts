// Replay on a real database: keyframes, the stream, the outline, search and exports; who may
// read them; and that nothing but masked text ever leaves.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { listAudit } from "@/lib/audit/list-audit";
import type { AgentIdentity } from "@/lib/auth/agent";
import { createAgent } from "@/lib/auth/agent-tokens";
import type { Viewer } from "@/lib/auth/viewer";
import { appendEvents } from "@/lib/ingest/append-events";
import { endSessionAndCheckpoint } from "@/lib/ingest/end-session";
import { createSession } from "@/lib/ingest/sessions";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { exportSession } from "@/lib/replay/export-session";
import { HeadlessScreen } from "@/lib/replay/headless-screen";
import { buildKeyframes, KEYFRAME_VERSION, nearestKeyframe, warmKeyframes } from "@/lib/replay/keyframes";
import { maskedEventPages } from "@/lib/replay/masked-events";
import { readReplayOutline } from "@/lib/replay/outline";
import { openReplayStream } from "@/lib/replay/replay-stream";
import type { ReplayEvent, ReplayLine, ReplayStart } from "@/lib/replay/replay-types";
import { searchSession } from "@/lib/replay/search-session";
import { registerKnownValues } from "@/lib/secrets/known-values";
import { verifySessionAs } from "@/lib/sessions/view-session";
import { describeEachBackend } from "../db";
import { cast } from "../api";

const AWS_KEY = "AKIA4QF7LZ2NXR5WTB3M";
const GITHUB_PASSWORD_URL = "postgres://app:S3cr3t-Pa55w0rd-2026@db.internal:5432/app";
const RAW_SECRETS = [AWS_KEY, "S3cr3t-Pa55w0rd-2026"];

const viewers: Record<string, Viewer | null> = {
  nobody: null,
  guest: { email: "guest@flightlog.dev", name: null, roles: [] },
  analyst: { email: "analyst@flightlog.dev", name: null, roles: ["analyst"] },
};
const analyst = viewers.analyst!;

const ESC = "\x1b";

/**
 * A recording that exercises the emulator state a keyframe must carry: colours, a scroll
 * region, a saved cursor, a resize, the alternate screen, line drawing, a hidden cursor, a
 * progress bar; a secret split across two writes; markers and structured events; an idle gap;
 * and enough output for several keyframes.
 */
function trickyRecording(): { format: "asciicast" | "ndjson"; body: string }[] {
  const head: unknown[] = [
    [0.0, "o", `${ESC}[1;32mhello${ESC}[0m world\r\n`],
    [0.5, "m", "setup"],
    [1.0, "o", `export AWS_ACCESS_KEY_ID=${AWS_KEY.slice(0, 8)}`],
    [1.01, "o", `${AWS_KEY.slice(8)}\r\n`],
    [1.2, "o", "progress  10%\r"],
    [1.3, "o", "progress  50%\r"],
    [1.4, "o", "progress 100%\r\n"],
    [2.0, "o", `${ESC}[2;6r${ESC}[6;1H` + Array.from({ length: 8 }, (_, i) => `region line ${i}\n`).join("")],
    [2.5, "o", `${ESC}7${ESC}[1;30Htop-right${ESC}8 saved`],
    [3.0, "r", "50x12"],
    [3.5, "o", `${ESC}(0lqqqk${ESC}(B ${ESC}[?25l`],
    [4.0, "o", `${ESC}[?1049h${ESC}[Halternate screen\r\nsecond line`],
    [30.0, "o", `${ESC}[?1049l${ESC}[r${ESC}[?25h\r\nback after an idle gap\r\n`],
    [30.5, "i", `psql "${GITHUB_PASSWORD_URL}"\r`],
    [30.6, "o", `psql "${GITHUB_PASSWORD_URL}"\r\n`],
  ];
  const bulk = Array.from({ length: 240 }, (_, i) => [31 + i * 0.25, "o", `${ESC}[3${i % 8}mbuild step ${i}${ESC}[0m ${"x".repeat(i % 70)}\r\n`]);
  return [
    { format: "asciicast", body: JSON.stringify({ version: 2, width: 40, height: 10 }) + "\n" + cast(head) },
    {
      format: "ndjson",
      body:
        [
          { type: "command", time: 30.6, command: `psql "${GITHUB_PASSWORD_URL}"`, exit_code: 0 },
          { type: "tool_call", time: 30.7, tool: "Bash", call_id: "t1", input: { command: "npm run build" } },
          { type: "tool_result", time: 30.8, call_id: "t1", output: "ok" },
        ]
          .map((e) => JSON.stringify(e))
          .join("\n") + "\n",
    },
    { format: "asciicast", body: cast([...bulk, [92, "m", "done"], [92.5, "x", "0"]]) },
  ];
}

async function readLines(stream: ReadableStream<Uint8Array>): Promise<ReplayLine[]> {
  const text = await new Response(stream).text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReplayLine);
}

/** Every masked event, as the player would receive them from the start. */
async function allEvents(db: Parameters<typeof maskedEventPages>[0], id: string): Promise<ReplayEvent[]> {
  const events: ReplayEvent[] = [];
  for await (const page of maskedEventPages(db, id, { seq: 0, time: 0 })) events.push(...page);
  return events;
}

/** The screen after the events through `seq`, replayed from the start by @xterm/headless. */
async function referenceScreen(events: ReplayEvent[], seq: number, size: { cols: number; rows: number }): Promise<string[]> {
  const screen = new HeadlessScreen(size.cols, size.rows);
  for (const e of events) if (e.seq <= seq) await screen.apply(e);
  const text = await screen.screenText();
  screen.dispose();
  return text;
}

/** The screen a player shows after seeking: the start's keyframe, then the events through `seq`. */
async function seekScreen(start: ReplayStart, events: ReplayEvent[], seq: number): Promise<string[]> {
  const screen = new HeadlessScreen(start.cols, start.rows);
  if (start.screen) await screen.restore(start.screen);
  for (const e of events) if (e.seq > start.seq && e.seq <= seq) await screen.apply(e);
  const text = await screen.screenText();
  screen.dispose();
  return text;
}

describeEachBackend("replay", (ctx) => {
  let agent: AgentIdentity;
  let id: string;
  let events: ReplayEvent[];

  async function record(batches: { format: "asciicast" | "ndjson"; body: string }[], options: { end: boolean; cols?: number; rows?: number }) {
    const { id: sessionId } = await createSession(ctx.db, { agent, input: { cols: options.cols, rows: options.rows } });
    let seq = 1;
    for (const b of batches) seq = (await appendEvents(ctx.db, { agent, sessionId, seq, batch: parseBatch(b.body, b.format) })).next_seq;
    if (options.end) await endSessionAndCheckpoint(ctx.db, { agent, sessionId });
    return sessionId;
  }

  beforeAll(async () => {
    const a = await createAgent(ctx.db, { name: "replayer", actor: "test" });
    agent = { id: a.id, name: a.name, kind: "token" };
    id = await record(trickyRecording(), { end: true });
    events = await allEvents(ctx.db, id);
  });

  it("lets analysts replay, search and export, and refuses everyone else", async () => {
    for (const [who, viewer] of Object.entries(viewers)) {
      const reads = [
        () => openReplayStream(ctx.db, { viewer, id, request: { time: 0 } }),
        () => readReplayOutline(ctx.db, { viewer, id }),
        () => searchSession(ctx.db, { viewer, id, query: "hello" }),
        () => exportSession(ctx.db, { viewer, id, format: "text" }),
      ];
      for (const read of reads) {
        if (viewer?.roles.includes("analyst")) await expect(read(), who).resolves.toBeTruthy();
        else await expect(read(), who).rejects.toMatchObject({ code: viewer ? "forbidden" : "unauthorized" });
      }
    }
    for (const missing of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      await expect(openReplayStream(ctx.db, { viewer: analyst, id: missing, request: { time: 0 } })).rejects.toMatchObject({ code: "not_found" });
      await expect(exportSession(ctx.db, { viewer: analyst, id: missing, format: "text" })).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("streams masked events from the start, with times that never go back", async () => {
    const lines = await readLines(await openReplayStream(ctx.db, { viewer: analyst, id, request: { time: 0 } }));
    expect(lines[0]).toEqual({ kind: "start", seq: 0, time: 0, cols: 40, rows: 10, screen: null });
    const streamed = lines.filter((l) => l.kind === "event");
    expect(streamed.map((e) => e.seq)).toEqual(streamed.map((_, i) => i + 1));
    expect(lines[lines.length - 1]).toMatchObject({ kind: "end", more: false, seq: streamed.length });
    const text = JSON.stringify(lines);
    for (const secret of RAW_SECRETS) expect(text).not.toContain(secret);
    // The key was written in two pieces: both are masked (a split mask carries no label).
    expect(streamed.find((e) => e.seq === 3)?.body).toEqual({ data: "export AWS_ACCESS_KEY_ID=********", time: 1 });
    expect(text).toContain("[url-pass:");
    // The tool call claims 30.7 after output at 30.6, then the tool result 30.8: order kept, never backwards.
    for (let i = 1; i < streamed.length; i++) expect(streamed[i].time).toBeGreaterThanOrEqual(streamed[i - 1].time);
  });

  it("builds keyframes incrementally from masked output only, and they reproduce the screen", async () => {
    // Reading the outline above warmed the cache in the background: start from an empty one.
    await warmKeyframes(ctx.db, id);
    await ctx.db.execute(sql`delete from keyframes where session_id = ${id}`);
    const first = await buildKeyframes(ctx.db, id);
    expect(first.written).toBeGreaterThan(10);
    expect(first.throughSeq).toBe(events[events.length - 1].seq);
    expect(await buildKeyframes(ctx.db, id)).toEqual({ written: 0, throughSeq: first.throughSeq });
    const rows = await queryRows<{ seq: number | string; cols: number; rows: number; state: string; version: string }>(
      ctx.db,
      sql`select seq, cols, rows, state, version from keyframes where session_id = ${id} order by seq`,
    );
    expect(rows).toHaveLength(first.written);
    for (const row of rows) {
      expect(row.version).toBe(KEYFRAME_VERSION);
      for (const secret of RAW_SECRETS) expect(row.state).not.toContain(secret);
      const state = JSON.parse(row.state) as { screen: string };
      const seq = Number(row.seq);
      expect(await seekScreen({ kind: "start", seq, time: 0, cols: row.cols, rows: row.rows, screen: state.screen }, events, seq), `keyframe ${seq}`).toEqual(
        await referenceScreen(events, seq, { cols: 40, rows: 10 }),
      );
    }
  });

  it("seeks: from the nearest keyframe, the screen matches a replay from the start", async () => {
    await buildKeyframes(ctx.db, id);
    const last = events[events.length - 1].seq;
    const targets: ({ seq: number } | { time: number })[] = [{ seq: 1 }, { seq: 5 }, { seq: 12 }, { seq: 14 }, { seq: 17 }, { seq: 60 }, { seq: last }, { time: 3.2 }, { time: 29 }, { time: 50.1 }];
    for (const target of targets) {
      const lines = await readLines(await openReplayStream(ctx.db, { viewer: analyst, id, request: target }));
      const start = lines[0] as ReplayStart;
      const streamed = lines.filter((l): l is ReplayLine & ReplayEvent => l.kind === "event");
      const seq = "seq" in target ? target.seq : Math.max(0, ...events.filter((e) => e.time <= target.time).map((e) => e.seq));
      if (seq > 20) expect(start.screen, JSON.stringify(target)).not.toBeNull();
      expect(await seekScreen(start, streamed, seq), JSON.stringify(target)).toEqual(await referenceScreen(events, seq, { cols: 40, rows: 10 }));
    }
  });

  it("bounds each response and continues where the last one ended", async () => {
    const big = await record(
      [{ format: "asciicast", body: cast(Array.from({ length: 400 }, (_, i) => [i, "o", `${String(i).padStart(4, "0")} ${"y".repeat(2000)}\r\n`])) }],
      { end: true },
    );
    const first = await readLines(await openReplayStream(ctx.db, { viewer: analyst, id: big, request: { time: 0 } }));
    const end = first[first.length - 1];
    expect(end).toMatchObject({ kind: "end", more: true });
    if (end.kind !== "end") throw new Error("no end line");
    expect(end.seq).toBeLessThan(400);
    const next = await readLines(await openReplayStream(ctx.db, { viewer: analyst, id: big, request: { after: end.seq, from: end.time } }));
    expect(next[1]).toMatchObject({ kind: "event", seq: end.seq + 1 });
  });

  it("ends quietly when a seek cancels the stream while a page is being read", async () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args));
    try {
      const reader = (await openReplayStream(ctx.db, { viewer: analyst, id, request: { time: 0 } })).getReader();
      expect((await reader.read()).done).toBe(false); // the start line
      const pending = reader.read(); // asks for a page of events
      await reader.cancel();
      expect((await pending).done).toBe(true);
      // cancel() waits for the page being read; its continuation runs before the next macrotask.
      await new Promise((r) => setImmediate(r));
      expect(errors).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps a live session's unsettled tail out of the cache, and resumes when it grows", async () => {
    const chunk = (from: number) => ({ format: "asciicast" as const, body: cast(Array.from({ length: 40 }, (_, i) => [from + i, "o", `${"z".repeat(1000)} ${from + i}\r\n`])) });
    const live = await record([chunk(0)], { end: false });
    // 40 KB so far: only what more than twice the masker's look-ahead follows is settled.
    const first = await buildKeyframes(ctx.db, live);
    expect(first.throughSeq).toBeGreaterThan(0);
    expect(first.throughSeq).toBeLessThan(40 - 16);
    await appendEvents(ctx.db, { agent, sessionId: live, seq: 41, batch: parseBatch(chunk(40).body, "asciicast") });
    const second = await buildKeyframes(ctx.db, live);
    expect(second.written).toBeGreaterThan(0);
    expect(second.throughSeq).toBeGreaterThan(first.throughSeq);
    // The outline still covers the tail, read live.
    const outline = await readReplayOutline(ctx.db, { viewer: analyst, id: live });
    expect(outline).toMatchObject({ complete: true, indexedThroughSeq: 80, lastSeq: 80 });
  });

  it("stops using keyframes built before the session registered a known value", async () => {
    const value = "tenant-passphrase-7731-quartz";
    const session = await record([{ format: "asciicast", body: cast([[0, "o", `connecting with ${value}\r\n`], [5, "o", "connected\r\n"]]) }], { end: true });
    await buildKeyframes(ctx.db, session);
    expect((await nearestKeyframe(ctx.db, session, { seq: 2 }))?.screen).toContain(value);
    await ctx.db.transaction((tx) => registerKnownValues(tx, session, [value]));
    expect(await nearestKeyframe(ctx.db, session, { seq: 2 })).toBeNull();
    expect((await buildKeyframes(ctx.db, session)).written).toBeGreaterThan(0);
    const rows = await queryRows<{ state: string; version: string }>(ctx.db, sql`select state, version from keyframes where session_id = ${session}`);
    for (const row of rows) {
      expect(row.state).not.toContain(value);
      expect(row.version).toMatch(/ known@[0-9a-f]{12}$/);
    }
    expect(await new Response(await openReplayStream(ctx.db, { viewer: analyst, id: session, request: { seq: 2 } })).text()).not.toContain(value);
  });

  it("retires keyframes of another version", async () => {
    await buildKeyframes(ctx.db, id);
    await ctx.db.execute(sql`update keyframes set version = 'replay-kf/1' where session_id = ${id}`);
    expect(await nearestKeyframe(ctx.db, id, { seq: 1000 })).toBeNull();
    const rebuilt = await buildKeyframes(ctx.db, id);
    expect(rebuilt.written).toBeGreaterThan(10);
    const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from keyframes where session_id = ${id} and version <> ${KEYFRAME_VERSION}`);
    expect(n).toBe(0);
  });

  it("outlines commands, markers, findings and idle gaps, and where the chain broke", async () => {
    const outline = await readReplayOutline(ctx.db, { viewer: analyst, id });
    expect(outline).toMatchObject({ complete: true, lastSeq: events.length, chainBreak: null });
    const lanes = (lane: string) => outline.entries.filter((e) => e.lane === lane).map((e) => e.label);
    expect(lanes("marker")).toEqual(["setup", "done"]);
    expect(lanes("command")).toEqual([expect.stringMatching(/^\$ psql "postgres:\/\/app:\[url-pass:[0-9a-f]{4}\]\**@db/), "Bash(npm run build)"]);
    expect(lanes("finding")).toEqual(expect.arrayContaining([expect.stringMatching(/^url-pass:[0-9a-f]{4}$/)]));
    // The key written in two pieces has no label on screen; the fingerprint index names it.
    expect(outline.entries).toContainEqual(expect.objectContaining({ seq: 3, lane: "finding", label: expect.stringMatching(/^aws-access-key-id:[0-9a-f]{4}$/) }));
    expect(JSON.stringify(outline)).not.toContain("S3cr3t");
    // The alternate screen at 4.0 s, then nothing until 30.0 s.
    expect(outline.gaps).toContainEqual([4, 26]);

    // Approvals show once the session has any; what was asked for is masked.
    expect(lanes("approval")).toEqual([]);
    await ctx.db.execute(
      sql`insert into approvals (id, agent_id, session_id, kind, action, status, expires_at, created_at)
          values (gen_random_uuid(), ${agent.id}, ${id}, 'command', ${`aws configure set aws_access_key_id ${AWS_KEY}`}, 'approved', now() + interval '1 hour', now())`,
    );
    const approved = (await readReplayOutline(ctx.db, { viewer: analyst, id })).entries.filter((e) => e.lane === "approval");
    expect(approved).toEqual([expect.objectContaining({ lane: "approval", label: expect.stringMatching(/^approved: aws configure set aws_access_key_id \[aws-key:[0-9a-f]{4}\]\**$/) })]);

    const broken = await record([{ format: "asciicast", body: cast(Array.from({ length: 10 }, (_, i) => [i, "o", `line ${i + 1}\r\n`])) }], { end: true });
    await ctx.database.tamper([`update events set body = replace(body, 'line 5', 'line X') where session_id = '${broken}' and seq = 5`]);
    await verifySessionAs(ctx.db, { viewer: analyst, id: broken });
    expect((await readReplayOutline(ctx.db, { viewer: analyst, id: broken })).chainBreak).toEqual({ seq: 5, time: 4 });
  });

  it("searches masked lines and commands, and a secret finds nothing", async () => {
    const found = await searchSession(ctx.db, { viewer: analyst, id, query: "BUILD STEP 23" });
    expect(found.hits.map((h) => h.text)).toEqual([expect.stringContaining("build step 23"), expect.stringContaining("build step 230"), expect.stringContaining("build step 231"), expect.stringContaining("build step 232"), expect.stringContaining("build step 233"), expect.stringContaining("build step 234"), expect.stringContaining("build step 235"), expect.stringContaining("build step 236"), expect.stringContaining("build step 237"), expect.stringContaining("build step 238"), expect.stringContaining("build step 239")]);
    const hit = found.hits[0];
    const event = events.find((e) => e.seq === hit.seq)!;
    expect(hit.offset).toBe((event.body.data as string).length);
    expect(hit.text.slice(hit.match[0], hit.match[1])).toBe("build step 23");

    const progress = await searchSession(ctx.db, { viewer: analyst, id, query: "progress" });
    expect(progress.hits.map((h) => h.text)).toEqual(["progress 100%"]);
    expect((await searchSession(ctx.db, { viewer: analyst, id, query: "npm run build" })).hits).toMatchObject([{ type: "tool_call" }]);
    expect((await searchSession(ctx.db, { viewer: analyst, id, query: "region line 7" })).hits).toHaveLength(1);
    for (const secret of RAW_SECRETS) expect((await searchSession(ctx.db, { viewer: analyst, id, query: secret })).hits).toEqual([]);
    await expect(searchSession(ctx.db, { viewer: analyst, id, query: " x " })).rejects.toMatchObject({ code: "bad_request" });
  });

  describe("exports", () => {
    it("writes masked asciicast v2 that replays the same events", async () => {
      const file = await exportSession(ctx.db, { viewer: analyst, id, format: "asciicast" });
      expect(file).toMatchObject({ contentType: "application/x-asciicast", filename: `flightlog-${id.slice(0, 8)}.cast` });
      const text = await new Response(file.body).text();
      for (const secret of RAW_SECRETS) expect(text).not.toContain(secret);
      const [header, ...lines] = text.trim().split("\n").map((l) => JSON.parse(l));
      expect(header).toMatchObject({ version: 2, width: 40, height: 10 });
      expect(lines.map((l) => l[1])).toEqual(events.filter((e) => ["output", "input", "resize", "marker"].includes(e.type)).map((e) => ({ output: "o", input: "i", resize: "r", marker: "m" })[e.type]));
      expect(lines).toContainEqual([3, "r", "50x12"]);
      expect(lines).toContainEqual([0.5, "m", "setup"]);
    });

    it("writes a masked plain-text transcript without escape codes", async () => {
      const file = await exportSession(ctx.db, { viewer: analyst, id, format: "text" });
      const text = await new Response(file.body).text();
      for (const secret of RAW_SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain(ESC);
      expect(text).toContain("[00:00.000] hello world\n");
      expect(text).toContain("[00:01.000] export AWS_ACCESS_KEY_ID=********************\n");
      expect(text).toContain("[00:01.200] progress 100%\n");
      expect(text).toContain("[00:30.700] (tool_call) Bash {\"command\":\"npm run build\"}\n");
      expect(text).toMatch(/\[00:30\.500\] \(input\) psql "postgres:\/\/app:\[url-pass:/);
    });

    it("records every export in the audit log, and refuses an unknown format", async () => {
      await expect(exportSession(ctx.db, { viewer: analyst, id, format: "pdf" })).rejects.toMatchObject({ code: "bad_request" });
      const admin: Viewer = { email: "admin@flightlog.dev", name: null, roles: ["analyst", "admin"] };
      const { entries } = await listAudit(ctx.db, { viewer: admin });
      const exports = entries.filter((e) => e.action === "session.export" && e.targetId === id);
      expect(exports.map((e) => e.details)).toEqual(expect.arrayContaining([{ format: "asciicast" }, { format: "text" }]));
      expect(exports.every((e) => e.actor === "user:analyst@flightlog.dev")).toBe(true);
    });
  });
});
