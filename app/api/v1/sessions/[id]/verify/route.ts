// GET /api/v1/sessions/:id/verify – walk the session's chain and check it against the checkpoint
import { withAgent } from "@/lib/http/with-agent";
import { verifyAgentSession } from "@/lib/evidence/verify-session";

export const GET = withAgent<{ id: string }>(async ({ agent, params, db }) =>
  Response.json(await verifyAgentSession(db, { agent, sessionId: params.id })),
);
