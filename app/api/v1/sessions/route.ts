// POST /api/v1/sessions – create a session, idempotent on the agent's external id
import { withAgent } from "@/lib/http/with-agent";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { createSessionSchema } from "@/lib/protocol/session.schema";
import { createSession } from "@/lib/ingest/sessions";

export const POST = withAgent(async ({ req, agent, db }) => {
  const input = createSessionSchema.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  const { id, created } = await createSession(db, { agent, input });
  return Response.json({ id }, { status: created ? 201 : 200 });
});
