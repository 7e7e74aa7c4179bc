import { beforeAll, expect, it } from "vitest";
import { appendAudit, AUDIT_CHAIN_ID } from "@/lib/audit/append-audit";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { createCheckpoint } from "@/lib/checkpoint/checkpointer";
import { verifyStoredChain } from "@/lib/evidence/verify-stored-chain";
import { listAudit, verifyAuditAs } from "@/lib/audit/list-audit";
import type { Viewer } from "@/lib/auth/viewer";
import { describeEachBackend } from "../db";

const admin: Viewer = { email: "admin@flightlog.dev", name: "Ada", roles: ["analyst", "approver", "admin"] };
const analyst: Viewer = { email: "analyst@flightlog.dev", name: "Ana", roles: ["analyst"] };

describeEachBackend("the audit log", (ctx) => {
  beforeAll(async () => {
    for (let i = 0; i < 6; i++) {
      await appendAudit(ctx.db, { actor: "user:analyst@flightlog.dev", action: "session.view", targetType: "session", targetId: `s-${i}` });
    }
    await createCheckpoint(ctx.db, { key: getSigningKey(), origin: "flightlog.test" });
  });

  const verify = () => verifyStoredChain(ctx.db, { chain: { kind: "audit", chainId: AUDIT_CHAIN_ID }, key: getSigningKey() });

  it("is a hash chain covered by the checkpoint", async () => {
    expect(await verify()).toMatchObject({ status: "VALID", verified_through_seq: 6, checkpointed_through_seq: 6 });
  });

  it("is readable and verifiable by admins only, and verifying it is audited", async () => {
    await expect(listAudit(ctx.db, { viewer: analyst })).rejects.toMatchObject({ code: "forbidden" });
    await expect(verifyAuditAs(ctx.db, { viewer: analyst })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listAudit(ctx.db, { viewer: null })).rejects.toMatchObject({ code: "unauthorized" });
    expect(await verifyAuditAs(ctx.db, { viewer: admin })).toMatchObject({ status: "VALID" });
    const { entries } = await listAudit(ctx.db, { viewer: admin });
    expect(entries[0]).toMatchObject({ action: "audit.verify", actor: "user:admin@flightlog.dev", details: { status: "VALID" } });
    expect(entries.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("breaks visibly when a row is tampered with", async () => {
    await ctx.database.tamper([`update audit_log set body = replace(body, 's-3', 's-X'), target_id = 's-X' where seq = 4`]);
    expect(await verify()).toMatchObject({ status: "INVALID", first_bad_seq: 4, reason: "BODY_HASH_MISMATCH" });
    await ctx.database.tamper([`delete from audit_log where seq = 2`]);
    expect(await verify()).toMatchObject({ status: "INVALID", first_bad_seq: 2, reason: "SEQ_GAP" });
  });
});
