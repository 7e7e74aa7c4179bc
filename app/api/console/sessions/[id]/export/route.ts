// POST /api/console/sessions/:id/export?format=asciicast|text – a masked download; audited (analyst)
import { withUser } from "@/lib/http/with-user";
import { exportSession } from "@/lib/replay/export-session";

export const POST = withUser<{ id: string }>("analyst", async ({ req, viewer, params, db }) => {
  const file = await exportSession(db, { viewer, id: params.id, format: new URL(req.url).searchParams.get("format") ?? "" });
  return new Response(file.body, { headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.filename}"` } });
});
