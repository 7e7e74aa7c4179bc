// POST /api/v1/sessions/:id/events?seq=N – append a batch (asciicast or NDJSON) exactly once
import { withAgent } from "@/lib/http/with-agent";
import { readBodyText } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { batchFormat, parseSeqParam } from "@/lib/protocol/parse-batch";
import { appendEvents } from "@/lib/ingest/append-events";

export const POST = withAgent<{ id: string }>(async ({ req, agent, params, db }) => {
  const seq = parseSeqParam(new URL(req.url).searchParams.get("seq"));
  const format = batchFormat(req.headers.get("content-type"));
  // Parsed inside the append's transaction, once it has read what it needs.
  const text = await readBodyText(req, LIMITS.maxBodyBytes);
  return Response.json(await appendEvents(db, { agent, sessionId: params.id, seq, batch: { text, format } }));
});
