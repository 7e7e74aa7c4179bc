import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/page-guard";
import { AppError } from "@/lib/http/app-error";
import { viewSession } from "@/lib/sessions/view-session";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { ChainBadge } from "@/components/console/chain-badge";
import { VerifyButton } from "@/components/console/verify-button";
import { EventList } from "@/components/sessions/event-list";
import { formatDuration, formatTime } from "@/components/console/format";

export const dynamic = "force-dynamic";

export default async function SessionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> }) {
  const viewer = await requirePageRole("analyst");
  const { id } = await params;
  const after = Number((await searchParams).after ?? 0);
  const db = await getDb();
  const session = await viewSession(db, { viewer, id }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const page = await readSessionEvents(db, { viewer, id, afterSeq: Number.isFinite(after) ? after : 0, limit: 500 });
  return (
    <>
      <div className="page-head">
        <h1>{session.title ?? `Session ${session.id.slice(0, 8)}`}</h1>
        <span className="sub">
          {session.agent.name} · {session.service ?? "unknown service"} {session.demo && <span className="tag">demo</span>}
        </span>
        <div className="actions">
          <ChainBadge chain={session.chain} />
          <VerifyButton url={`/api/console/sessions/${session.id}/verify`} />
        </div>
      </div>
      {session.chain.status === "INVALID" && (
        <div className="callout bad" role="alert">
          The hash chain is broken at seq {session.chain.firstBadSeq} ({session.chain.reason}). Events from there on cannot be trusted.{" "}
          <a href={`#seq-${session.chain.firstBadSeq}`}>Jump to seq {session.chain.firstBadSeq}</a>
        </div>
      )}
      <section className="panel">
        <dl className="meta" data-testid="session-meta">
          <dt>Session</dt>
          <dd>{session.id}</dd>
          <dt>Agent</dt>
          <dd>
            {session.agent.name} ({session.agent.kind}
            {session.agent.issuer ? `, ${session.agent.issuer}` : ""})
          </dd>
          <dt>Host</dt>
          <dd>{session.host ?? "—"}</dd>
          <dt>User</dt>
          <dd>{session.user ?? "—"}</dd>
          <dt>Working dir</dt>
          <dd>{session.cwd ?? "—"}</dd>
          <dt>Correlation</dt>
          <dd>{session.correlation_id ?? "—"}</dd>
          <dt>Started (UTC)</dt>
          <dd>{formatTime(session.started_at.toISOString())}</dd>
          <dt>Ended (UTC)</dt>
          <dd>{session.ended_at ? formatTime(session.ended_at.toISOString()) : "still open"}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(session.lastTime)}</dd>
          <dt>Events</dt>
          <dd>{session.eventCount.toLocaleString("en-US")}</dd>
          <dt>Terminal</dt>
          <dd>{session.cols && session.rows ? `${session.cols}×${session.rows}` : "—"}</dd>
          <dt>External id</dt>
          <dd>{session.external_id ?? "—"}</dd>
          <dt>Chain</dt>
          <dd>
            {session.chain.status === "UNVERIFIED"
              ? "not verified yet"
              : `${session.chain.status.toLowerCase()}, verified through seq ${session.chain.verifiedThroughSeq} at ${formatTime(session.chain.verifiedAt)} UTC`}
          </dd>
        </dl>
      </section>
      <h2>Events {after > 0 && <span className="dim">after seq {after}</span>}</h2>
      <EventList events={page.events} />
      {page.next_after !== null && (
        <p>
          <Link href={`/sessions/${session.id}?after=${page.next_after}`}>Next events →</Link>
        </p>
      )}
    </>
  );
}
