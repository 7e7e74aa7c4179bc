// GET /api/console/audit?before=SEQ – the audit log, newest first (admin)
import { withUser } from "@/lib/http/with-user";
import { listAudit } from "@/lib/audit/list-audit";

export const GET = withUser("admin", async ({ req, viewer, db }) => {
  const before = Number(new URL(req.url).searchParams.get("before"));
  return Response.json(await listAudit(db, { viewer, beforeSeq: Number.isSafeInteger(before) && before > 0 ? before : undefined }));
});
