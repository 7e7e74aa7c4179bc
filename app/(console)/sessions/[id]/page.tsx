import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { preload } from "react-dom";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/page-guard";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { viewSession } from "@/lib/sessions/view-session";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { ChainBadge } from "@/components/console/chain-badge";
import { VerifyButton } from "@/components/console/verify-button";
import { EventList } from "@/components/sessions/event-list";
import { formatDuration, formatTime } from "@/components/console/format";
import { SessionPlayer } from "@/components/player/session-player";
import { replayUrl } from "@/lib/replay/replay-types";
import { DEFAULT_COLS, DEFAULT_ROWS } from "@/lib/replay/replay-session";

export const dynamic = "force-dynamic";

/** A non-negative number from the query string, or null. */
function queryNumber(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? n : null;
}

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ after?: string; t?: string; seq?: string }>;
}) {
  const viewer = await requirePageRole("analyst");
  const { id } = await params;
  const query = await searchParams;
  const after = queryNumber(query.after) ?? 0;
  const db = await getDb();
  const session = await viewSession(db, { viewer, id }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const initial = { t: queryNumber(query.t), seq: queryNumber(query.seq) };
  // The browser fetches the player's first frame while the page and the player's script load;
  // the player's own request for the same URL takes this response.
  preload(replayUrl(session.id, initial.seq !== null ? { seq: initial.seq } : { time: initial.t ?? 0 }), { as: "fetch", crossOrigin: "anonymous" });
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
      <SessionPlayer
        sessionId={session.id}
        cols={session.cols ?? DEFAULT_COLS}
        rows={session.rows ?? DEFAULT_ROWS}
        duration={session.lastTime}
        chain={session.chain}
        initial={initial}
      />
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
      {/* The list streams in after the player's shell, so it never holds up the first frame. */}
      <Suspense fallback={<div className="panel empty">Loading events…</div>}>
        <SessionEvents viewer={viewer} id={session.id} after={after} />
      </Suspense>
    </>
  );
}

async function SessionEvents({ viewer, id, after }: { viewer: Viewer; id: string; after: number }) {
  // A page of 100 keeps the list light beside the player, whose side panel and search lead to
  // any moment; the pager below walks the rest.
  const page = await readSessionEvents(await getDb(), { viewer, id, afterSeq: after, limit: 100 });
  return (
    <>
      <EventList events={page.events} sessionId={id} canUnmask={viewer.roles.includes("admin")} />
      {page.next_after !== null && (
        <p>
          <Link href={`/sessions/${id}?after=${page.next_after}`}>Next events →</Link>
        </p>
      )}
    </>
  );
}
