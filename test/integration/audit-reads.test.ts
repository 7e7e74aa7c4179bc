// Every read of a session's content is attributed, and concurrent audited actions each leave
// exactly one entry in an audit chain that still verifies.
import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { AUDIT_CHAIN_ID } from "@/lib/audit/append-audit";
import type { Viewer } from "@/lib/auth/viewer";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import { readReplayOutline } from "@/lib/replay/outline";
import { openReplayStream } from "@/lib/replay/replay-stream";
import { searchSession } from "@/lib/replay/search-session";
import { findSecretAs } from "@/lib/secrets/find-secret";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { viewSession } from "@/lib/sessions/view-session";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as eventsRoute from "@/app/api/v1/sessions/[id]/events/route";
import { describeEachBackend } from "../db";
import { call, cast, setUpAgent } from "../api";

const KEY = "AKIAQWERTYUIOPASDFGH";
let analysts = 0;
/** A fresh analyst: no earlier read of theirs can stand in for this one's. */
const freshAnalyst = (): Viewer => ({ email: `analyst-${++analysts}-${Date.now()}@flightlog.dev`, name: null, roles: ["analyst"] });

describeEachBackend("audit of reads and of concurrent actions", (ctx) => {
  let id: string;

  const entries = (actor: string) =>
    queryRows<{ action: string; target_id: string | null; body: string }>(ctx.db, sql`select action, target_id, body from audit_log where actor = ${actor} order by seq`);
  const count = async () => (await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log`))[0].n;
  const verifyAudit = () => verifyStoredChain(ctx.db, { chain: { kind: "audit", chainId: AUDIT_CHAIN_ID }, key: getSigningKey() });

  beforeAll(async () => {
    const { token } = await setUpAgent(ctx.database, "read-audit");
    id = (await call(sessionsRoute.POST, "POST", { token, body: { title: "read audit" } })).json.id;
    const body = cast([[0.1, "o", "$ aws configure list\r\n"], [0.2, "o", `access_key ${KEY}\r\n`]]);
    expect((await call(eventsRoute.POST, "POST", { token, params: { id }, query: { seq: 1 }, body, contentType: "application/x-asciicast" })).status).toBe(200);
  });

  const reads: [string, (viewer: Viewer) => Promise<unknown>][] = [
    ["events", (viewer) => readSessionEvents(ctx.db, { viewer, id })],
    ["replay", async (viewer) => new Response(await openReplayStream(ctx.db, { viewer, id, request: { time: 0 } })).text()],
    ["search", (viewer) => searchSession(ctx.db, { viewer, id, query: "aws" })],
    ["outline", (viewer) => readReplayOutline(ctx.db, { viewer, id })],
  ];

  for (const [via, read] of reads) {
    it(`records a session.view for a fresh analyst who reads through ${via}, and one for reads that repeat`, async () => {
      const viewer = freshAnalyst();
      await read(viewer);
      await read(viewer);
      await Promise.all([read(viewer), read(viewer)]);
      const mine = await entries(`user:${viewer.email}`);
      expect(mine.map((e) => [e.action, e.target_id])).toEqual([["session.view", id]]);
      expect(JSON.parse(mine[0].body).details).toEqual({ via });
    });
  }

  it("shares the page view's entry with the reads after it", async () => {
    const viewer = freshAnalyst();
    await viewSession(ctx.db, { viewer, id });
    await readSessionEvents(ctx.db, { viewer, id });
    expect((await entries(`user:${viewer.email}`)).map((e) => e.action)).toEqual(["session.view"]);
  });

  it("keeps every one of 50 parallel exposure searches and 20 parallel session views, in a chain that verifies", async () => {
    const before = await count();
    const searcher = freshAnalyst();
    const results = await Promise.allSettled([
      ...Array.from({ length: 50 }, () => findSecretAs(ctx.db, { viewer: searcher, query: KEY })),
      ...Array.from({ length: 20 }, () => viewSession(ctx.db, { viewer: freshAnalyst(), id })),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await count()).toBe(before + 70);
    expect((await entries(`user:${searcher.email}`)).filter((e) => e.action === "secret.search")).toHaveLength(50);
    expect(await verifyAudit()).toMatchObject({ status: "VALID" });
  });

  it("does not record a read of a session that does not exist", async () => {
    const viewer = freshAnalyst();
    await expect(readSessionEvents(ctx.db, { viewer, id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "not_found" });
    expect(await entries(`user:${viewer.email}`)).toEqual([]);
  });
});
