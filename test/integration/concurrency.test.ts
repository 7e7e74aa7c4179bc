import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import * as sessions from "@/app/api/v1/sessions/route";
import * as events from "@/app/api/v1/sessions/[id]/events/route";
import * as end from "@/app/api/v1/sessions/[id]/end/route";
import { describeEachBackend } from "../db";
import { call, cast, setUpAgent } from "../api";

describeEachBackend("concurrent collectors", (ctx) => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await setUpAgent(ctx.database, "fleet"));
  });

  const create = async () => (await call(sessions.POST, "POST", { token, body: {} })).json.id as string;
  const append = (id: string, seq: number, body: string) =>
    call(events.POST, "POST", { token, params: { id }, query: { seq }, body, contentType: "application/x-asciicast" });

  async function assertIntact(id: string, count: number) {
    const rows = await queryRows<{ n: number; lo: number; hi: number; distinct_seqs: number }>(
      ctx.db,
      sql`select count(*)::int as n, min(seq)::int as lo, max(seq)::int as hi, count(distinct seq)::int as distinct_seqs from events where session_id = ${id}`,
    );
    expect(rows[0]).toEqual({ n: count, lo: 1, hi: count, distinct_seqs: count });
    const r = await verifyStoredChain(ctx.db, { chain: { kind: "session", chainId: id }, key: getSigningKey() });
    expect(r).toMatchObject({ status: "VALID", verified_through_seq: count });
  }

  it("keeps 20 chains intact while 20 collectors append at once", async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, create));
    await Promise.all(
      ids.map(async (id, c) => {
        let seq = 1;
        for (let b = 0; b < 8; b++) {
          const lines = Array.from({ length: 25 }, (_, i) => [b + i / 100, "o", `collector ${c} batch ${b} line ${i}\r\n`]);
          const res = await append(id, seq, cast(lines));
          expect(res.status).toBe(200);
          seq = res.json.next_seq;
        }
        expect((await call(end.POST, "POST", { token, params: { id } })).status).toBe(200);
      }),
    );
    for (const id of ids) await assertIntact(id, 200);
  });

  it("stores a batch once when 5 collectors race it at the same seq", async () => {
    const id = await create();
    const batch = cast(Array.from({ length: 50 }, (_, i) => [i, "o", `same ${i}\r\n`]));
    const results = await Promise.all(Array.from({ length: 5 }, () => append(id, 1, batch)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.json.stored === 50)).toHaveLength(1);
    expect(results.filter((r) => r.json.duplicates === 50)).toHaveLength(4);
    await assertIntact(id, 50);
  });

  it("lets exactly one of 5 different batches win the same seq", async () => {
    const id = await create();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, c) => append(id, 1, cast(Array.from({ length: 20 }, (_, i) => [i, "o", `racer ${c} ${i}\r\n`])))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(4);
    for (const l of losers) expect(l.json.error.code).toBe("conflict");
    await assertIntact(id, 20);
  });
});
