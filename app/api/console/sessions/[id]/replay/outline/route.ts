// GET /api/console/sessions/:id/replay/outline – timeline lanes, idle gaps and the chain break; warms keyframes (analyst)
import { withUser } from "@/lib/http/with-user";
import { readReplayOutline } from "@/lib/replay/outline";

export const GET = withUser<{ id: string }>("analyst", async ({ viewer, params, db }) => Response.json(await readReplayOutline(db, { viewer, id: params.id })));
