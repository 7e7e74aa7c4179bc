// GET /api/console/agents – agents and their tokens (admin)
// POST /api/console/agents – create an agent (admin)
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { adminCreateAgent, adminListAgents } from "@/lib/auth/agent-admin";

export const GET = withUser("admin", async ({ viewer, db }) => Response.json({ agents: await adminListAgents(db, { viewer }) }));

const body = z.object({ name: z.string().min(1).max(64) }).strict();

export const POST = withUser("admin", async ({ req, viewer, db }) => {
  const { name } = body.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  return Response.json(await adminCreateAgent(db, { viewer, name }), { status: 201 });
});
