// GET /api/console/sessions – newest sessions with their chain status (analyst)
import { withUser } from "@/lib/http/with-user";
import { listSessions } from "@/lib/sessions/list-sessions";

export const GET = withUser("analyst", async ({ req, viewer, db }) => {
  const limit = Number(new URL(req.url).searchParams.get("limit") ?? 100);
  return Response.json({ sessions: await listSessions(db, { viewer, limit: Number.isFinite(limit) ? limit : 100 }) });
});
