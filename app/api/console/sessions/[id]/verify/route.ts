// POST /api/console/sessions/:id/verify – re-verify a session's chain; audited (analyst)
import { withUser } from "@/lib/http/with-user";
import { verifySessionAs } from "@/lib/sessions/view-session";

export const POST = withUser<{ id: string }>("analyst", async ({ viewer, params, db }) => Response.json(await verifySessionAs(db, { viewer, id: params.id })));
