import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { revokeToken, createToken } from "@/lib/auth/agent-tokens";
import { checkpointNote, verifyCheckpointSignature } from "@/lib/chain";
import { LIMITS } from "@/lib/protocol/limits";
import * as health from "@/app/api/health/route";
import * as sessions from "@/app/api/v1/sessions/route";
import * as events from "@/app/api/v1/sessions/[id]/events/route";
import * as end from "@/app/api/v1/sessions/[id]/end/route";
import * as verify from "@/app/api/v1/sessions/[id]/verify/route";
import * as latest from "@/app/api/v1/checkpoints/latest/route";
import * as publicKey from "@/app/api/v1/checkpoints/public-key/route";
import { describeEachBackend } from "../db";
import { call, cast, setUpAgent, snapshot } from "../api";

const ASCIICAST = "application/x-asciicast";
const NDJSON = "application/x-ndjson";

describeEachBackend("collector protocol v1", (ctx) => {
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    ({ token } = await setUpAgent(ctx.database, "claude-laptop"));
    await createAgentToken("ci-runner").then((t) => (otherToken = t));
  });

  async function createAgentToken(name: string) {
    const { createAgent } = await import("@/lib/auth/agent-tokens");
    await createAgent(ctx.db, { name, actor: "test" });
    return (await createToken(ctx.db, { agent: name, ttlSeconds: 3600, actor: "test" })).token;
  }

  const newSession = async (body: object = {}, t = token) => {
    const res = await call(sessions.POST, "POST", { token: t, body });
    expect(res.status).toBe(201);
    return res.json.id as string;
  };
  const append = (id: string, seq: number | string, body: string, contentType = ASCIICAST, t: string | null = token) =>
    call(events.POST, "POST", { token: t, params: { id }, query: { seq }, body, contentType });
  const storedBodies = (id: string) =>
    queryRows<{ seq: number; body: string; time: number }>(ctx.db, sql`select seq::int as seq, body, time from events where session_id = ${id} order by seq`);

  /** Runs `request`, expects an error status and code, and checks that nothing was written. */
  async function expectRefused(request: () => Promise<{ status: number; json: any }>, status: number, code: string) {
    const before = await snapshot(ctx.db);
    const res = await request();
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(typeof res.json.error.message).toBe("string");
    expect(await snapshot(ctx.db)).toEqual(before);
    return res.json.error;
  }

  it("answers health once migrations have run", async () => {
    const res = await call(health.GET, "GET");
    expect(res).toMatchObject({ status: 200, json: { status: "ok" } });
  });

  describe("sessions", () => {
    it("accepts an empty body", async () => {
      const id = await newSession();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("is idempotent on the agent's external id, and only for that agent", async () => {
      const body = { external_id: "cc-7f3a", service: "shell", host: "dev-1", user: "ana", cwd: "/src", title: "fix tests", correlation_id: "trace-1", cols: 120, rows: 40 };
      const first = await call(sessions.POST, "POST", { token, body });
      expect(first.status).toBe(201);
      const again = await call(sessions.POST, "POST", { token, body });
      expect(again).toMatchObject({ status: 200, json: { id: first.json.id } });
      const other = await call(sessions.POST, "POST", { token: otherToken, body });
      expect(other.status).toBe(201);
      expect(other.json.id).not.toBe(first.json.id);
    });

    it("refuses bad credentials and bad bodies, writing nothing", async () => {
      await expectRefused(() => call(sessions.POST, "POST", { body: {} }), 401, "unauthorized");
      await expectRefused(() => call(sessions.POST, "POST", { token: "flt_notarealtoken", body: {} }), 401, "unauthorized");
      await expectRefused(() => call(sessions.POST, "POST", { token: "garbage", body: {} }), 401, "unauthorized");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: "{not json" }), 400, "bad_request");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: "[1,2]" }), 400, "bad_request");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: { cols: "wide" } }), 422, "unprocessable");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: { colour: "blue" } }), 422, "unprocessable");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: { service: "Not A Name!" } }), 422, "unprocessable");
      await expectRefused(() => call(sessions.POST, "POST", { token, body: { title: "x".repeat(LIMITS.maxSmallBodyBytes) } }), 413, "payload_too_large");
    });

    it("refuses expired and revoked tokens", async () => {
      const { createAgent } = await import("@/lib/auth/agent-tokens");
      await createAgent(ctx.db, { name: "short-lived", actor: "test" });
      const issued = await createToken(ctx.db, { agent: "short-lived", ttlSeconds: 60, actor: "test" });
      expect((await call(sessions.POST, "POST", { token: issued.token, body: {} })).status).toBe(201);
      await revokeToken(ctx.db, { id: issued.id, actor: "test" });
      const revoked = await expectRefused(() => call(sessions.POST, "POST", { token: issued.token, body: {} }), 401, "unauthorized");
      expect(revoked.message).toMatch(/revoked/);

      const expiring = await createToken(ctx.db, { agent: "short-lived", ttlSeconds: 60, actor: "test" });
      await ctx.db.execute(sql`update agent_tokens set expires_at = now() - interval '1 second' where id = ${expiring.id}`);
      const expired = await expectRefused(() => call(sessions.POST, "POST", { token: expiring.token, body: {} }), 401, "unauthorized");
      expect(expired.message).toMatch(/expired/);
    });
  });

  describe("appending events", () => {
    it("numbers asciicast v2 events from 1 and does not count the header", async () => {
      const id = await newSession();
      const body = cast([{ version: 2, width: 100, height: 30 }, [0.5, "o", "$ ls\r\n"], [0.75, "o", "README.md\r\n"], [1, "r", "120x40"], [2.25, "m", "done"]]);
      const res = await append(id, 1, body);
      expect(res).toMatchObject({ status: 200, json: { stored: 4, duplicates: 0, next_seq: 5 } });
      const rows = await storedBodies(id);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(JSON.parse(rows[0].body)).toEqual({ type: "output", time: 0.5, data: "$ ls\r\n" });
      expect(rows[0].body).toBe('{"data":"$ ls\\r\\n","time":0.5,"type":"output"}');
      expect(JSON.parse(rows[2].body)).toEqual({ type: "resize", time: 1, cols: 120, rows: 40 });
      expect(JSON.parse(rows[3].body)).toEqual({ type: "marker", time: 2.25, label: "done" });
      const [s] = await queryRows<{ cols: number; rows: number }>(ctx.db, sql`select cols, rows from sessions where id = ${id}`);
      expect(s).toEqual({ cols: 100, rows: 30 });
    });

    it("turns asciicast v3 intervals into absolute times across batches", async () => {
      const id = await newSession();
      await append(id, 1, cast([{ version: 3, term: { cols: 80, rows: 24 } }, [0.5, "o", "a"], [0.25, "o", "b"]]));
      await append(id, 3, cast([[1, "o", "c"], [0, "x", "0"]]));
      const rows = await storedBodies(id);
      expect(rows.map((r) => r.time)).toEqual([0.5, 0.75, 1.75, 1.75]);
      expect(JSON.parse(rows[3].body)).toEqual({ type: "exit", time: 1.75, code: 0 });
    });

    it("takes normalized NDJSON events, inheriting a missing time", async () => {
      const id = await newSession({ service: "kubernetes" });
      const lines = [
        { type: "command", time: 1.5, command: "kubectl get ns", cwd: "/ops" },
        { type: "tool_call", tool: "Bash", call_id: "t1", input: { command: "kubectl delete ns staging" } },
        { type: "tool_result", time: 2, call_id: "t1", output: "namespace \"staging\" deleted", is_error: false },
      ];
      const res = await append(id, 1, lines.map((l) => JSON.stringify(l)).join("\n"), NDJSON);
      expect(res.json).toMatchObject({ stored: 3, next_seq: 4 });
      const rows = await storedBodies(id);
      expect(JSON.parse(rows[1].body)).toEqual({ type: "tool_call", time: 1.5, tool: "Bash", call_id: "t1", input: { command: "kubectl delete ns staging" } });
    });

    it("treats a replay of stored events as a no-op and a different body as a conflict", async () => {
      const id = await newSession();
      const batch = cast([[0.1, "o", "one\r\n"], [0.2, "o", "two\r\n"], [0.3, "o", "three\r\n"]]);
      expect((await append(id, 1, batch)).json).toMatchObject({ stored: 3 });
      const before = await snapshot(ctx.db);
      const replay = await append(id, 1, batch);
      expect(replay).toMatchObject({ status: 200, json: { stored: 0, duplicates: 3, next_seq: 4 } });
      expect(await snapshot(ctx.db)).toEqual(before);

      const changed = await expectRefused(() => append(id, 2, cast([[0.2, "o", "TWO\r\n"]])), 409, "conflict");
      expect(changed).toMatchObject({ conflicting_seq: 2 });

      // A retry that overlaps the stored tail and carries new events stores only the new ones.
      const overlap = await append(id, 3, cast([[0.3, "o", "three\r\n"], [0.4, "o", "four\r\n"]]));
      expect(overlap.json).toMatchObject({ stored: 1, duplicates: 1, next_seq: 5 });
      expect((await storedBodies(id)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    });

    it("answers a gap with the expected seq", async () => {
      const id = await newSession();
      await append(id, 1, cast([[0, "o", "x"]]));
      const gap = await expectRefused(() => append(id, 5, cast([[1, "o", "y"]])), 409, "conflict");
      expect(gap.expected_seq).toBe(2);
    });

    it("refuses malformed, invalid and oversized batches, writing nothing", async () => {
      const id = await newSession();
      await append(id, 1, cast([[0, "o", "first"]]));
      const line = (data: string) => cast([[1, "o", data]]);
      await expectRefused(() => call(events.POST, "POST", { token, params: { id }, body: line("x"), contentType: ASCIICAST }), 400, "bad_request");
      await expectRefused(() => append(id, "0", line("x")), 400, "bad_request");
      await expectRefused(() => append(id, "two", line("x")), 400, "bad_request");
      await expectRefused(() => append(id, 2, line("x"), "text/plain"), 415, "unsupported_media_type");
      await expectRefused(() => append(id, 2, '[1, "o", "unterminated\n'), 400, "bad_request");
      await expectRefused(() => append(id, 2, cast([[1, "o", "fine"], [2, "o"]])), 422, "unprocessable");
      await expectRefused(() => append(id, 2, cast([[1, "z", "what"]])), 422, "unprocessable");
      await expectRefused(() => append(id, 2, cast([[-1, "o", "negative"]])), 422, "unprocessable");
      await expectRefused(() => append(id, 2, cast([[1, "r", "wide"]])), 422, "unprocessable");
      await expectRefused(() => append(id, 2, cast([[1, "o", "ok"], { version: 2 }])), 400, "bad_request");
      await expectRefused(() => append(id, 2, '{"type":"output","time":1,"data":"x"}\n{"type":"bogus"}', NDJSON), 422, "unprocessable");
      await expectRefused(() => append(id, 2, '{"type":"output","data":"x","extra":1}', NDJSON), 422, "unprocessable");
      await expectRefused(() => append(id, 2, '{"type":"tool_call","tool":"x","input":{"n":12345678901234567890}}', NDJSON), 422, "unprocessable");
      await expectRefused(() => append(id, 2, "[1,2,3]", NDJSON), 400, "bad_request");
      await expectRefused(() => append(id, 2, cast(Array.from({ length: LIMITS.maxEventsPerBatch + 1 }, (_, i) => [i, "o", "."]))), 413, "payload_too_large");
      await expectRefused(() => append(id, 2, line("x".repeat(LIMITS.maxLineBytes))), 413, "payload_too_large");
      const big = cast(Array.from({ length: 9 }, (_, i) => [i, "o", "y".repeat(LIMITS.maxLineBytes - 100)]));
      await expectRefused(() => append(id, 2, big), 413, "payload_too_large");
      const invalidUtf8 = async () => {
        const res = await events.POST(
          new Request("http://flightlog.test/api?seq=2", {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": ASCIICAST },
            body: new Uint8Array([...Buffer.from('[1,"o,"'), 0xff, ...Buffer.from('"]\n')]),
          }),
          { params: Promise.resolve({ id }) },
        );
        return { status: res.status, json: await res.json() };
      };
      expect((await expectRefused(invalidUtf8, 400, "bad_request")).message).toMatch(/UTF-8/);
    });

    it("refuses another agent's session (403), an unknown one (404) and missing auth (401)", async () => {
      const id = await newSession();
      await expectRefused(() => append(id, 1, cast([[0, "o", "x"]]), ASCIICAST, otherToken), 403, "forbidden");
      await expectRefused(() => append("00000000-0000-4000-8000-000000000000", 1, cast([[0, "o", "x"]])), 404, "not_found");
      await expectRefused(() => append("not-a-uuid", 1, cast([[0, "o", "x"]])), 404, "not_found");
      await expectRefused(() => append(id, 1, cast([[0, "o", "x"]]), ASCIICAST, null), 401, "unauthorized");
      await expectRefused(() => call(end.POST, "POST", { token: otherToken, params: { id } }), 403, "forbidden");
      await expectRefused(() => call(verify.GET, "GET", { token: otherToken, params: { id } }), 403, "forbidden");
    });
  });

  describe("ending, checkpoints and verification", () => {
    it("ends a session, checkpoints its final head and verifies it", async () => {
      const id = await newSession();
      await append(id, 1, cast([[0, "o", "a"], [1, "o", "b"], [2, "o", "c"]]));
      const ended = await call(end.POST, "POST", { token, params: { id } });
      expect(ended).toMatchObject({ status: 200, json: { id, last_seq: 3 } });
      expect((await call(end.POST, "POST", { token, params: { id } })).json.ended_at).toBe(ended.json.ended_at);

      const res = await call(verify.GET, "GET", { token, params: { id } });
      expect(res.json).toMatchObject({ status: "VALID", verified_through_seq: 3, first_bad_seq: null, reason: null, checkpointed_through_seq: 3 });

      await expectRefused(() => append(id, 4, cast([[3, "o", "late"]])), 409, "conflict");
      // A replay of what is stored is still harmless after the end.
      expect((await append(id, 3, cast([[2, "o", "c"]]))).json).toMatchObject({ stored: 0, duplicates: 1 });
    });

    it("serves the latest checkpoint, signed by the published key", async () => {
      const cp = await call(latest.GET, "GET");
      expect(cp.status).toBe(200);
      const key = await call(publicKey.GET, "GET");
      expect(key.json).toMatchObject({ algorithm: "Ed25519", key_id: cp.json.key_id });
      expect(key.json.pem).toMatch(/BEGIN PUBLIC KEY/);
      const body = { origin: cp.json.origin, treeSize: cp.json.tree_size, rootHash: Buffer.from(cp.json.root_hash, "hex"), timestamp: cp.json.timestamp };
      expect(cp.json.note).toBe(checkpointNote(body));
      expect(verifyCheckpointSignature(body, Buffer.from(cp.json.signature, "base64"), Buffer.from(key.json.raw, "base64"))).toBe(true);
    });
  });
});
