import Link from "next/link";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/page-guard";
import { listAudit, AUDIT_PAGE } from "@/lib/audit/list-audit";
import { ChainBadge } from "@/components/console/chain-badge";
import { VerifyButton } from "@/components/console/verify-button";
import { formatTime } from "@/components/console/format";

export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const viewer = await requirePageRole("admin");
  const before = Number((await searchParams).before);
  const { entries, chain } = await listAudit(await getDb(), { viewer, beforeSeq: Number.isSafeInteger(before) && before > 0 ? before : undefined });
  const oldest = entries[entries.length - 1]?.seq;
  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="sub">every sign-in, view, verification, export and token change · hash-chained and checkpointed</span>
        <div className="actions">
          <ChainBadge chain={chain} />
          <VerifyButton url="/api/console/audit/verify" label="Verify chain" />
        </div>
      </div>
      {entries.length === 0 ? (
        <div className="panel empty">The audit log is empty.</div>
      ) : (
        <table className="grid" data-testid="audit-table">
          <thead>
            <tr>
              <th>Seq</th>
              <th>Time (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} data-action={e.action}>
                <td className="num mono">{e.seq}</td>
                <td className="mono">{formatTime(e.at)}</td>
                <td>{e.actor}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">
                  {e.targetType === "session" && e.targetId ? <Link href={`/sessions/${e.targetId}`}>session {e.targetId.slice(0, 8)}</Link> : e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ""}` : "—"}
                </td>
                <td className="wrap mono dim">{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {oldest !== undefined && oldest > 1 && entries.length === AUDIT_PAGE && (
        <p>
          <Link href={`/audit?before=${oldest}`}>Older entries →</Link>
        </p>
      )}
    </>
  );
}
