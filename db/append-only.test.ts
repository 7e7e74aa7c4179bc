import { expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describeEachBackend } from "@/test/db";
import { databaseError, queryRows } from "./client";

const refused = (e: unknown) => /append-only/.test(databaseError(e).message);

describeEachBackend("append-only tables", (ctx) => {
  it("refuse UPDATE, DELETE and TRUNCATE, with triggers that are ENABLE ALWAYS", async () => {
    const agent = randomUUID();
    const session = randomUUID();
    await ctx.db.execute(sql`insert into agents (id, name, kind) values (${agent}, 'a', 'token')`);
    await ctx.db.execute(sql`insert into sessions (id, agent_id) values (${session}, ${agent})`);
    await ctx.db.execute(
      sql`insert into events (session_id, seq, time, type, body, body_hash, prev_hash, entry_hash) values (${session}, 1, 0, 'output', '{}', '\\x00', '\\x00', '\\x00')`,
    );
    await ctx.db.execute(sql`insert into audit_log (seq, actor, action, body, body_hash, prev_hash, entry_hash) values (1, 'a', 'x', '{}', '\\x00', '\\x00', '\\x00')`);
    await ctx.db.execute(sql`insert into merkle_leaves (idx, chain_id, seq, head_hash, leaf_hash) values (0, ${session}, 1, '\\x00', '\\x00')`);
    for (const stmt of [
      sql`update events set body = '{"x":1}'`,
      sql`delete from events`,
      sql`truncate events cascade`,
      sql`update audit_log set actor = 'b'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`delete from merkle_leaves`,
      sql`update merkle_leaves set seq = 2`,
      sql`truncate checkpoints`,
    ]) {
      await expect(ctx.db.execute(stmt)).rejects.toSatisfy(refused);
    }
    // Replication mode does not bypass ENABLE ALWAYS triggers.
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from events`);
      }),
    ).rejects.toSatisfy(refused);
    const rows = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from events`);
    expect(rows[0].n).toBe(1);
    const modes = await queryRows<{ tgname: string; tgenabled: string }>(
      ctx.db,
      sql`select tgname, tgenabled from pg_trigger where tgname like '%append_only' or tgname like '%no_truncate' order by tgname`,
    );
    expect(modes).toHaveLength(8);
    expect(new Set(modes.map((m) => m.tgenabled))).toEqual(new Set(["A"]));
  });
});
