// POST /api/v1/sessions/:id/known-values – register values to mask exactly (e.g. from the agent's environment)
import { z } from "zod";
import { withAgent } from "@/lib/http/with-agent";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { registerAgentKnownValues } from "@/lib/ingest/known-values";
import { KNOWN_VALUE_LIMITS } from "@/lib/secrets/known-values";

const body = z.object({ values: z.array(z.string()).min(1).max(KNOWN_VALUE_LIMITS.perSession) }).strict();

export const POST = withAgent<{ id: string }>(async ({ req, agent, params, db }) => {
  const { values } = body.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  return Response.json(await registerAgentKnownValues(db, { agent, sessionId: params.id, values }));
});
