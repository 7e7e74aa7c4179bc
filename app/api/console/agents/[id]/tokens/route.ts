// POST /api/console/agents/:id/tokens – issue a token, shown once with a ready-to-paste curl (admin)
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { adminCreateToken } from "@/lib/auth/agent-admin";
import { parseTtl } from "@/lib/auth/agent-tokens";

const body = z.object({ ttl: z.string().max(16).default("24h") }).strict();

export const POST = withUser<{ id: string }>("admin", async ({ req, viewer, params, db }) => {
  const { ttl } = body.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  return Response.json(await adminCreateToken(db, { viewer, agentId: params.id, ttlSeconds: parseTtl(ttl) }), { status: 201 });
});
