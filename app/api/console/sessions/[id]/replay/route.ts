// GET /api/console/sessions/:id/replay?t=SECONDS|seq=N|after=N&from=SECONDS – masked events from the nearest keyframe, streamed as NDJSON (analyst)
import { withUser } from "@/lib/http/with-user";
import { openReplayStream, parseReplayRequest } from "@/lib/replay/replay-stream";

export const GET = withUser<{ id: string }>("analyst", async ({ req, viewer, params, db }) => {
  const request = parseReplayRequest(new URL(req.url).searchParams);
  return new Response(await openReplayStream(db, { viewer, id: params.id, request }), { headers: { "Content-Type": "application/x-ndjson; charset=utf-8" } });
});
