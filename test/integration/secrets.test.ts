import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createAgent } from "@/lib/auth/agent-tokens";
import type { AgentIdentity } from "@/lib/auth/agent";
import type { Viewer } from "@/lib/auth/viewer";
import { verifyBundle } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { exportSessionBundle } from "@/lib/evidence/session-bundle";
import { appendEvents } from "@/lib/ingest/append-events";
import { registerAgentKnownValues } from "@/lib/ingest/known-values";
import { createSession } from "@/lib/ingest/sessions";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { fingerprintHex } from "@/lib/secrets/fingerprint";
import { findSecretAs } from "@/lib/secrets/find-secret";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { unmaskEvent } from "@/lib/sessions/unmask-event";
import { viewSession } from "@/lib/sessions/view-session";
import { describeEachBackend } from "../db";
import { cast } from "../api";

// Fake secrets in real formats.
const AWS_KEY = "AKIAZ7QK3MHN5RW2TJ4X";
const STRIPE_KEY = "sk_live_51Hx9JqLmN3oP4rS5tU6vW7xY8zA1bC2dE3fG4hJ5kL6mN7pQ8rS9tU0vW1xY2z";
const DB_PASSWORD = "correct-horse-battery-9";
const RAW = [AWS_KEY, STRIPE_KEY, DB_PASSWORD];

const analyst: Viewer = { email: "analyst@flightlog.dev", name: null, roles: ["analyst"] };
const admin: Viewer = { email: "admin@flightlog.dev", name: null, roles: ["analyst", "approver", "admin"] };

describeEachBackend("secrets at ingest and on every read", (ctx) => {
  let agent: AgentIdentity;
  const ids: Record<string, string> = {};

  async function record(name: string, batches: { body: string; format: "asciicast" | "ndjson" }[], input: Record<string, unknown> = {}) {
    const { id } = await createSession(ctx.db, { agent, input: { title: name, ...input } });
    let seq = 1;
    for (const b of batches) seq = (await appendEvents(ctx.db, { agent, sessionId: id, seq, batch: parseBatch(b.body, b.format) })).next_seq;
    ids[name] = id;
    return id;
  }

  beforeAll(async () => {
    const a = await createAgent(ctx.db, { name: "leaky", actor: "test" });
    agent = { id: a.id, name: a.name, kind: "token" };
    await record("first", [{ format: "asciicast", body: cast([[0, "o", "$ env\r\n"], [1, "o", `AWS_ACCESS_KEY_ID=${AWS_KEY}\r\nHOME=/root\r\n`]]) }]);
    // The same key in a second session, split across two batches, and once inside a tool call.
    await record("second", [
      { format: "asciicast", body: cast([[0, "o", "export AWS_ACCESS_KEY_ID=AKIAZ7QK3M"]]) },
      { format: "asciicast", body: cast([[0.5, "o", "HN5RW2TJ4X\r\n"], [2, "o", `stripe key: ${STRIPE_KEY}\r\n`]]) },
      { format: "ndjson", body: JSON.stringify({ type: "tool_call", time: 3, tool: "Bash", input: { command: `aws --access-key ${AWS_KEY} s3 ls` } }) },
    ]);
    await record("known", [{ format: "asciicast", body: cast([[0, "o", `password is ${DB_PASSWORD}\r\n`], [1, "o", `b64: ${Buffer.from(DB_PASSWORD).toString("base64")}\r\n`]]) }], {
      known_values: [DB_PASSWORD],
    });
  });

  it("finds a secret seen in two sessions, with seq and offset, in time order", async () => {
    const result = await findSecretAs(ctx.db, { viewer: analyst, query: AWS_KEY });
    expect(result.fingerprint).toBe(fingerprintHex(AWS_KEY));
    const where = result.occurrences.map((o) => [o.sessionTitle, o.seq, o.offset, o.ruleId]);
    expect(where).toContainEqual(["first", 2, "AWS_ACCESS_KEY_ID=".length, "aws-access-key-id"]);
    // Split across batches: recorded once, where it starts.
    expect(where).toContainEqual(["second", 1, "export AWS_ACCESS_KEY_ID=".length, "aws-access-key-id"]);
    expect(result.occurrences.filter((o) => o.sessionTitle === "second" && o.seq === 4)).toHaveLength(1);
    expect(new Set(result.occurrences.map((o) => o.sessionId))).toEqual(new Set([ids.first, ids.second]));
    const times = result.occurrences.map((o) => o.at);
    expect([...times].sort()).toEqual(times);
    // The fingerprint finds the same occurrences.
    const byFingerprint = await findSecretAs(ctx.db, { viewer: analyst, query: result.fingerprint });
    expect(byFingerprint.occurrences).toEqual(result.occurrences);
    expect((await findSecretAs(ctx.db, { viewer: analyst, query: "AKIANOTSEENANYWHERE1" })).occurrences).toEqual([]);
    await expect(findSecretAs(ctx.db, { viewer: { ...analyst, roles: [] }, query: AWS_KEY })).rejects.toMatchObject({ code: "forbidden" });
    await expect(findSecretAs(ctx.db, { viewer: analyst, query: "   " })).rejects.toMatchObject({ code: "bad_request" });
  });

  it("never stores a secret in the index or the audit log", async () => {
    const dump = JSON.stringify([
      await queryRows(ctx.db, sql`select encode(fingerprint, 'hex') as f, rule_id from secret_fingerprints`),
      await queryRows(ctx.db, sql`select body from audit_log`),
    ]);
    for (const secret of RAW) expect(dump).not.toContain(secret);
    const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from secret_fingerprints where session_id = ${ids.known}`);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it("masks every read: events, metadata, exports, for analysts", async () => {
    for (const id of Object.values(ids)) {
      const reads = [
        await readSessionEvents(ctx.db, { viewer: analyst, id }),
        await readSessionEvents(ctx.db, { viewer: analyst, id, afterSeq: 1, limit: 1 }),
        await viewSession(ctx.db, { viewer: analyst, id }),
        await exportSessionBundle(ctx.db, { sessionId: id, unmasked: false }),
      ];
      const text = JSON.stringify(reads);
      for (const secret of RAW) expect(text).not.toContain(secret);
      // Not even the base64 form of a registered value.
      expect(text).not.toContain(Buffer.from(DB_PASSWORD).toString("base64"));
    }
    const events = (await readSessionEvents(ctx.db, { viewer: analyst, id: ids.first })).events;
    expect(String(events[1].body.data)).toMatch(/AWS_ACCESS_KEY_ID=\[aws-key:[0-9a-f]{4}\]\*+/);
  });

  it("exports a masked bundle that still verifies, and an unmasked one on request", async () => {
    const masked = await exportSessionBundle(ctx.db, { sessionId: ids.second, unmasked: false });
    expect(masked.events.some((e) => e.redacted)).toBe(true);
    expect(verifyBundle(JSON.parse(JSON.stringify(masked)), getSigningKey().publicKeyRaw)).toMatchObject({ status: "VALID", redacted_events: 4 });
    const raw = await exportSessionBundle(ctx.db, { sessionId: ids.second, unmasked: true });
    expect(JSON.stringify(raw)).toContain(STRIPE_KEY);
    expect(verifyBundle(JSON.parse(JSON.stringify(raw)), getSigningKey().publicKeyRaw)).toMatchObject({ status: "VALID", redacted_events: 0 });
  });

  it("unmasks one event for an admin with a justification, and audits it", async () => {
    await expect(unmaskEvent(ctx.db, { viewer: analyst, id: ids.first, seq: 2, justification: "incident 4711 needs the key id" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(unmaskEvent(ctx.db, { viewer: admin, id: ids.first, seq: 2, justification: "because" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(unmaskEvent(ctx.db, { viewer: admin, id: ids.first, seq: 99, justification: "incident 4711 needs the key id" })).rejects.toMatchObject({ code: "not_found" });
    const event = await unmaskEvent(ctx.db, { viewer: admin, id: ids.first, seq: 2, justification: "incident 4711 needs the key id" });
    expect(String(event.body.data)).toContain(AWS_KEY);
    const [entry] = await queryRows<{ body: string }>(ctx.db, sql`select body from audit_log where action = 'event.unmask' order by seq desc limit 1`);
    expect(JSON.parse(entry.body)).toMatchObject({ actor: "user:admin@flightlog.dev", details: { seq: 2, justification: "incident 4711 needs the key id" }, target: { id: ids.first } });
  });

  it("registers known values idempotently and refuses bad ones", async () => {
    await expect(registerAgentKnownValues(ctx.db, { agent, sessionId: ids.known, values: [DB_PASSWORD] })).resolves.toEqual({ registered: 0 });
    await expect(registerAgentKnownValues(ctx.db, { agent, sessionId: ids.known, values: ["abc"] })).rejects.toMatchObject({ code: "unprocessable" });
    const other = await createAgent(ctx.db, { name: "other-agent", actor: "test" });
    await expect(registerAgentKnownValues(ctx.db, { agent: { id: other.id, name: other.name, kind: "token" }, sessionId: ids.known, values: ["something-secret"] })).rejects.toMatchObject({ code: "forbidden" });
    const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from session_known_values where session_id = ${ids.known}`);
    expect(n).toBe(1);
    const stored = await queryRows<{ c: string }>(ctx.db, sql`select encode(ciphertext, 'escape') as c from session_known_values`);
    expect(JSON.stringify(stored)).not.toContain(DB_PASSWORD);
  });

  it("finds a key typed a character at a time before a batch of long output", async () => {
    // The batch's long events predict that a short read of context suffices; the keystrokes
    // before it make the reader go further back.
    const typed = "AKIAQ3TYPEDKEYZ2ABCD";
    const keystrokes = [...typed.slice(0, -1)].map((c, i): [number, string, string] => [i / 10, "i", c]);
    const long = "build output ".repeat(400);
    const id = await record("typed", [
      { format: "asciicast", body: cast(keystrokes) },
      { format: "asciicast", body: cast([[3, "i", `${typed.slice(-1)}\r`], [4, "o", long], [5, "o", long], [6, "o", long]]) },
    ]);
    const result = await findSecretAs(ctx.db, { viewer: analyst, query: typed });
    expect(result.occurrences.map((o) => [o.sessionId, o.seq, o.offset])).toEqual([[id, 1, 0]]);
  });
});
