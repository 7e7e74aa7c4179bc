// GET /api/health – ok once the database is open and migrated
import { withErrors } from "@/lib/http/with-agent";

export const dynamic = "force-dynamic";
export const GET = withErrors(async () => Response.json({ status: "ok" }));
