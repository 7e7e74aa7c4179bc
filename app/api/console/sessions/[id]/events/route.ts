// GET /api/console/sessions/:id/events?after=SEQ&limit=N – a page of masked events (analyst)
import { withUser } from "@/lib/http/with-user";
import { readSessionEvents } from "@/lib/sessions/session-events";

export const GET = withUser<{ id: string }>("analyst", async ({ req, viewer, params, db }) => {
  const q = new URL(req.url).searchParams;
  const after = Number(q.get("after") ?? 0);
  const limit = Number(q.get("limit") ?? 500);
  return Response.json(
    await readSessionEvents(db, { viewer, id: params.id, afterSeq: Number.isFinite(after) ? after : 0, limit: Number.isFinite(limit) ? limit : 500 }),
  );
});
