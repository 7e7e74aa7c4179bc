// POST /api/console/audit/verify – verify the audit log's chain; audited (admin)
import { withUser } from "@/lib/http/with-user";
import { verifyAuditAs } from "@/lib/audit/list-audit";

export const POST = withUser("admin", async ({ viewer, db }) => Response.json(await verifyAuditAs(db, { viewer })));
