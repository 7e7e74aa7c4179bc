// GET /api/console/sessions/:id – one session's metadata and chain status; audited (analyst)
import { withUser } from "@/lib/http/with-user";
import { viewSession } from "@/lib/sessions/view-session";

export const GET = withUser<{ id: string }>("analyst", async ({ viewer, params, db }) => Response.json(await viewSession(db, { viewer, id: params.id })));
