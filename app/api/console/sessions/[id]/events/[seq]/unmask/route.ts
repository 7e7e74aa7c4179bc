// POST /api/console/sessions/:id/events/:seq/unmask – one event unmasked, with a written justification; audited (admin)
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { unmaskEvent } from "@/lib/sessions/unmask-event";

const body = z.object({ justification: z.string() }).strict();

export const POST = withUser<{ id: string; seq: string }>("admin", async ({ req, viewer, params, db }) => {
  const { justification } = body.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  return Response.json(await unmaskEvent(db, { viewer, id: params.id, seq: Number(params.seq), justification }));
});
