// POST /api/v1/sessions/:id/end – close a session; its final head is checkpointed at once
import { withAgent } from "@/lib/http/with-agent";
import { endSessionAndCheckpoint } from "@/lib/ingest/end-session";

export const POST = withAgent<{ id: string }>(async ({ agent, params, db }) =>
  Response.json(await endSessionAndCheckpoint(db, { agent, sessionId: params.id })),
);
