import Link from "next/link";
import type { SessionSummary } from "@/lib/sessions/list-sessions";
import { ChainBadge } from "@/components/console/chain-badge";
import { formatDuration, formatTime } from "@/components/console/format";

export function SessionsTable({ sessions }: { sessions: SessionSummary[] }) {
  if (sessions.length === 0) {
    return (
      <div className="panel empty">
        No sessions recorded yet. Create an agent token on the Agents page and send a session with the <code>curl</code> it shows.
      </div>
    );
  }
  return (
    <table className="grid" data-testid="sessions-table">
      <thead>
        <tr>
          <th>Started (UTC)</th>
          <th>Agent</th>
          <th>Service</th>
          <th>Host</th>
          <th>Title</th>
          <th>Duration</th>
          <th>Events</th>
          <th>Chain</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session-id={s.id}>
            <td className="mono">
              <Link href={`/sessions/${s.id}`}>{formatTime(s.startedAt)}</Link>
            </td>
            <td>{s.agent}</td>
            <td>{s.service ?? <span className="faint">—</span>}</td>
            <td className="mono">{s.host ?? <span className="faint">—</span>}</td>
            <td className="wrap">
              {s.title ?? <span className="faint">untitled</span>} {s.demo && <span className="tag">demo</span>}
              {!s.endedAt && <span className="tag">open</span>}
            </td>
            <td className="num">{formatDuration(s.durationSeconds)}</td>
            <td className="num">{s.eventCount.toLocaleString("en-US")}</td>
            <td>
              <ChainBadge chain={s.chain} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
