import { beforeAll, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createAgent } from "@/lib/auth/agent-tokens";
import type { AgentIdentity } from "@/lib/auth/agent";
import { canonicalize, chainEntries, genesisHash, headLeafData, merkleLeafHash, merkleRoot, verifyBundle } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { exportBundle } from "@/lib/evidence/export-bundle";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import { appendEvents } from "@/lib/ingest/append-events";
import { createSession } from "@/lib/ingest/sessions";
import { endSessionAndCheckpoint } from "@/lib/ingest/end-session";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { describeEachBackend } from "../db";
import { cast } from "../api";

describeEachBackend("tampering is detected", (ctx) => {
  let agent: AgentIdentity;
  beforeAll(async () => {
    const a = await createAgent(ctx.db, { name: "recorder", actor: "test" });
    agent = { id: a.id, name: a.name, kind: "token" };
  });

  /** A 10-event session, recorded in two batches and ended (so a checkpoint covers seq 10). */
  async function recordedSession(): Promise<string> {
    const { id } = await createSession(ctx.db, { agent, input: {} });
    const lines = Array.from({ length: 10 }, (_, i) => [i / 10, "o", `line ${i + 1}\r\n`]);
    await appendEvents(ctx.db, { agent, sessionId: id, seq: 1, batch: parseBatch(cast(lines.slice(0, 4)), "asciicast") });
    await appendEvents(ctx.db, { agent, sessionId: id, seq: 5, batch: parseBatch(cast(lines.slice(4)), "asciicast") });
    await endSessionAndCheckpoint(ctx.db, { agent, sessionId: id });
    return id;
  }

  async function check(id: string, expected: { status: string; reason: string | null; first_bad_seq: number | null }) {
    const key = getSigningKey();
    const stored = await verifyStoredChain(ctx.db, { chain: { kind: "session", chainId: id }, key });
    expect(stored).toMatchObject(expected);
    // The same verdict offline, from a bundle exported out of the same database, with the key pinned.
    const bundle = JSON.parse(JSON.stringify(await exportBundle(ctx.db, { chain: { kind: "session", chainId: id }, key })));
    expect(verifyBundle(bundle, key.publicKeyRaw)).toMatchObject(expected);
    return stored;
  }

  it("accepts an untouched session", async () => {
    const id = await recordedSession();
    const r = await check(id, { status: "VALID", reason: null, first_bad_seq: null });
    expect(r).toMatchObject({ verified_through_seq: 10, checkpointed_through_seq: 10 });
  });

  it("names an edited body", async () => {
    const id = await recordedSession();
    await ctx.database.tamper([`update events set body = replace(body, 'line 5', 'line X') where session_id = '${id}' and seq = 5`]);
    await check(id, { status: "INVALID", reason: "BODY_HASH_MISMATCH", first_bad_seq: 5 });
  });

  it("names a deleted middle event", async () => {
    const id = await recordedSession();
    await ctx.database.tamper([`delete from events where session_id = '${id}' and seq = 6`]);
    await check(id, { status: "INVALID", reason: "SEQ_GAP", first_bad_seq: 6 });
  });

  it("names two swapped events", async () => {
    const id = await recordedSession();
    await ctx.database.tamper([
      `update events set seq = -1 where session_id = '${id}' and seq = 3`,
      `update events set seq = 3 where session_id = '${id}' and seq = 4`,
      `update events set seq = 4 where session_id = '${id}' and seq = -1`,
    ]);
    await check(id, { status: "INVALID", reason: "PREV_HASH_MISMATCH", first_bad_seq: 3 });
  });

  it("catches a cut tail through the checkpoint, even with the head moved back", async () => {
    const id = await recordedSession();
    await ctx.database.tamper([
      `delete from events where session_id = '${id}' and seq > 7`,
      `update chain_heads set seq = 7, head_hash = (select entry_hash from events where session_id = '${id}' and seq = 7) where chain_id = '${id}'`,
    ]);
    const r = await check(id, { status: "INVALID", reason: "TAIL_TRUNCATED", first_bad_seq: 8 });
    expect(r.verified_through_seq).toBe(7);
  });

  /** Rewrites the whole chain consistently: new bodies, valid links, a matching head. */
  async function rewriteChain(id: string) {
    const forged = chainEntries(
      id,
      1,
      genesisHash(id),
      Array.from({ length: 10 }, (_, i) => canonicalize({ data: `forged ${i + 1}\r\n`, time: i / 10, type: "output" })),
    );
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    const statements = [`delete from events where session_id = '${id}'`];
    for (const e of forged) {
      statements.push(
        `insert into events (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash) values ('${id}', ${e.seq}, ${(e.seq - 1) / 10}, 'output', '${e.body.replace(/'/g, "''")}', '\\x${hex(e.bodyHash)}', '\\x${hex(e.prevHash)}', '\\x${hex(e.entryHash)}')`,
      );
    }
    const head = forged[forged.length - 1];
    statements.push(`update chain_heads set head_hash = '\\x${hex(head.entryHash)}' where chain_id = '${id}'`);
    return { statements, head };
  }

  it("catches a consistent rewrite through the checkpointed head", async () => {
    const id = await recordedSession();
    await ctx.database.tamper((await rewriteChain(id)).statements);
    await check(id, { status: "INVALID", reason: "HEAD_MISMATCH", first_bad_seq: 1 });
  });

  it("catches a rewrite that also rewrote the Merkle leaf, by the inclusion proof", async () => {
    const id = await recordedSession();
    const { statements, head } = await rewriteChain(id);
    const leaf = merkleLeafHash(headLeafData(id, 10, head.entryHash)).toString("hex");
    statements.push(`update merkle_leaves set head_hash = '\\x${Buffer.from(head.entryHash).toString("hex")}', leaf_hash = '\\x${leaf}' where chain_id = '${id}' and seq = 10`);
    await ctx.database.tamper(statements);
    await check(id, { status: "INVALID", reason: "INCLUSION_PROOF_FAILED", first_bad_seq: 1 });
  });

  it("catches a rewrite carried through leaves and checkpoint root, by the signature", async () => {
    const id = await recordedSession();
    const { statements, head } = await rewriteChain(id);
    const leaf = merkleLeafHash(headLeafData(id, 10, head.entryHash));
    statements.push(`update merkle_leaves set head_hash = '\\x${Buffer.from(head.entryHash).toString("hex")}', leaf_hash = '\\x${leaf.toString("hex")}' where chain_id = '${id}' and seq = 10`);
    await ctx.database.tamper(statements);
    // Recompute the root over the forged log and write it into the latest checkpoint.
    const leaves = await queryRows<{ leaf_hash: Buffer | Uint8Array }>(ctx.db, sql`select leaf_hash from merkle_leaves order by idx`);
    const root = merkleRoot(leaves.map((l) => Buffer.from(l.leaf_hash))).toString("hex");
    await ctx.database.tamper([`update checkpoints set root_hash = '\\x${root}' where tree_size = (select max(tree_size) from checkpoints)`]);
    await check(id, { status: "INVALID", reason: "CHECKPOINT_SIGNATURE_INVALID", first_bad_seq: 1 });
  });

  it("cannot verify against a different signer's key", async () => {
    const { generateSigningKey } = await import("@/lib/chain");
    const other = generateSigningKey();
    const [row] = await queryRows<{ id: string }>(ctx.db, sql`select id from sessions limit 1`);
    const r = await verifyStoredChain(ctx.db, { chain: { kind: "session", chainId: row.id }, key: other });
    expect(r).toMatchObject({ status: "UNVERIFIABLE", reason: "UNKNOWN_KEY" });
    const missing = await verifyStoredChain(ctx.db, { chain: { kind: "session", chainId: randomUUID() }, key: other }).catch((e) => e);
    expect(missing.code).toBe("not_found");
  });
});
