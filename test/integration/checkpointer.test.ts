import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createAgent } from "@/lib/auth/agent-tokens";
import type { AgentIdentity } from "@/lib/auth/agent";
import { verifyCheckpointSignature } from "@/lib/chain";
import { createCheckpoint, latestCheckpoint, startCheckpointer } from "@/lib/checkpoint/checkpointer";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { appendEvents } from "@/lib/ingest/append-events";
import { createSession } from "@/lib/ingest/sessions";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { describeEachBackend } from "../db";
import { cast } from "../api";

describeEachBackend("the checkpointer", (ctx) => {
  let agent: AgentIdentity;
  beforeAll(async () => {
    const a = await createAgent(ctx.db, { name: "ticker", actor: "test" });
    agent = { id: a.id, name: a.name, kind: "token" };
  });

  it("logs every moved head, signs the new root, and skips when nothing moved", async () => {
    const key = getSigningKey();
    const { id } = await createSession(ctx.db, { agent, input: {} });
    await appendEvents(ctx.db, { agent, sessionId: id, seq: 1, batch: parseBatch(cast([[0, "o", "a"]]), "asciicast") });
    const first = await createCheckpoint(ctx.db, { key, origin: "flightlog.test" });
    expect(first).not.toBeNull();
    expect(verifyCheckpointSignature(first!, first!.signature, key.publicKeyRaw)).toBe(true);
    expect(await createCheckpoint(ctx.db, { key, origin: "flightlog.test" })).toBeNull();

    await appendEvents(ctx.db, { agent, sessionId: id, seq: 2, batch: parseBatch(cast([[1, "o", "b"]]), "asciicast") });
    const tick = startCheckpointer(async () => ctx.db, { key, origin: "flightlog.test", intervalMs: 60_000 });
    await tick.tick();
    tick.stop();
    const second = await latestCheckpoint(ctx.db);
    expect(second!.treeSize).toBe(first!.treeSize + 1);
    const leaves = await queryRows<{ seq: number | string }>(ctx.db, sql`select seq from merkle_leaves where chain_id = ${id} order by idx`);
    expect(leaves.map((l) => Number(l.seq))).toEqual([1, 2]);
    const [head] = await queryRows<{ logged_seq: number | string }>(ctx.db, sql`select logged_seq from chain_heads where chain_id = ${id}`);
    expect(Number(head.logged_seq)).toBe(2);
  });

  it("signs the same tree again while a session is open and idle, and not once all are closed", async () => {
    const key = getSigningKey();
    const before = (await latestCheckpoint(ctx.db))!;
    const later = before.timestamp + 61_000;
    const again = await createCheckpoint(ctx.db, { key, origin: "flightlog.test", now: later, refreshAfterMs: 54_000 });
    expect(again).toMatchObject({ treeSize: before.treeSize, timestamp: later });
    expect(again!.rootHash.equals(before.rootHash)).toBe(true);
    expect(verifyCheckpointSignature(again!, again!.signature, key.publicKeyRaw)).toBe(true);
    expect(await createCheckpoint(ctx.db, { key, origin: "flightlog.test", now: later + 1000, refreshAfterMs: 54_000 })).toBeNull();
    expect(await latestCheckpoint(ctx.db)).toMatchObject({ timestamp: later });
    await ctx.db.execute(sql`update chain_heads set closed_at = now()`);
    expect(await createCheckpoint(ctx.db, { key, origin: "flightlog.test", now: later + 120_000, refreshAfterMs: 54_000 })).toBeNull();
  });
});
