// Authorization is checked where data is read or written, not only in routes and pages.
import { beforeAll, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { adminCreateAgent, adminCreateToken, adminListAgents, adminRevokeToken } from "@/lib/auth/agent-admin";
import { listSessions } from "@/lib/sessions/list-sessions";
import { verifySessionAs, viewSession } from "@/lib/sessions/view-session";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { seedDemo } from "@/lib/demo/seed-demo";
import { describeEachBackend } from "../db";

const viewers: Record<string, Viewer | null> = {
  nobody: null,
  guest: { email: "guest@flightlog.dev", name: null, roles: [] },
  analyst: { email: "analyst@flightlog.dev", name: null, roles: ["analyst"] },
  approver: { email: "approver@flightlog.dev", name: null, roles: ["analyst", "approver"] },
  admin: { email: "admin@flightlog.dev", name: null, roles: ["analyst", "approver", "admin"] },
};

describeEachBackend("console data functions", (ctx) => {
  let sessionId: string;
  beforeAll(async () => {
    expect(await seedDemo(ctx.db)).toBe(3);
    expect(await seedDemo(ctx.db)).toBe(0);
    sessionId = (await listSessions(ctx.db, { viewer: viewers.analyst }))[0].id;
  });

  it("let analysts (and above) read sessions, and refuse everyone else", async () => {
    for (const [who, viewer] of Object.entries(viewers)) {
      const reads = [
        () => listSessions(ctx.db, { viewer }),
        () => viewSession(ctx.db, { viewer, id: sessionId }),
        () => readSessionEvents(ctx.db, { viewer, id: sessionId }),
        () => verifySessionAs(ctx.db, { viewer, id: sessionId }),
      ];
      for (const read of reads) {
        if (viewer?.roles.includes("analyst")) await expect(read(), who).resolves.toBeTruthy();
        else await expect(read(), who).rejects.toMatchObject({ code: viewer ? "forbidden" : "unauthorized" });
      }
    }
  });

  it("let only admins manage agents and tokens", async () => {
    for (const [who, viewer] of Object.entries(viewers)) {
      if (who === "admin") continue;
      await expect(adminListAgents(ctx.db, { viewer }), who).rejects.toMatchObject({ code: viewer ? "forbidden" : "unauthorized" });
      await expect(adminCreateAgent(ctx.db, { viewer, name: `x-${who}` }), who).rejects.toMatchObject({ code: viewer ? "forbidden" : "unauthorized" });
    }
    const agent = await adminCreateAgent(ctx.db, { viewer: viewers.admin, name: "console-made" });
    const token = await adminCreateToken(ctx.db, { viewer: viewers.admin, agentId: agent.id, ttlSeconds: 3600 });
    expect(token.curl).toContain(token.token);
    await expect(adminRevokeToken(ctx.db, { viewer: viewers.analyst, tokenId: token.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(adminRevokeToken(ctx.db, { viewer: viewers.admin, tokenId: token.id })).resolves.toMatchObject({ revoked: true });
    await expect(adminRevokeToken(ctx.db, { viewer: viewers.admin, tokenId: token.id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("records the demo sessions through the real ingest path: chained, checkpointed and VALID", async () => {
    const sessions = await listSessions(ctx.db, { viewer: viewers.analyst });
    expect(sessions.map((s) => s.title).sort()).toEqual([
      "Claude Code: fix the failing webhook tests",
      "kubectl: namespace cleanup in prod-eu-west-1",
      "psql: clean up staging tables on production",
    ]);
    for (const s of sessions) {
      expect(s.demo).toBe(true);
      expect(s.chain.status).toBe("VALID");
      expect(s.eventCount).toBeGreaterThan(10);
    }
  });
});
