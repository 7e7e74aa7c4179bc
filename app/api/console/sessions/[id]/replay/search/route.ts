// GET /api/console/sessions/:id/replay/search?q=TEXT – hits in the masked output and structured events (analyst)
import { withUser } from "@/lib/http/with-user";
import { searchSession } from "@/lib/replay/search-session";

export const GET = withUser<{ id: string }>("analyst", async ({ req, viewer, params, db }) => {
  const query = new URL(req.url).searchParams.get("q") ?? "";
  return Response.json(await searchSession(db, { viewer, id: params.id, query, signal: req.signal }));
});
