import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/page-guard";
import { listSessions } from "@/lib/sessions/list-sessions";
import { SessionsTable } from "@/components/sessions/sessions-table";

export const dynamic = "force-dynamic";

export default async function SessionsPage() {
  const viewer = await requirePageRole("analyst");
  const sessions = await listSessions(await getDb(), { viewer, limit: 100 });
  return (
    <>
      <div className="page-head">
        <h1>Sessions</h1>
        <span className="sub">newest first · {sessions.length} shown</span>
      </div>
      <SessionsTable sessions={sessions} />
    </>
  );
}
