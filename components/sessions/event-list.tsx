import { stripAnsi } from "@/lib/redact";
import type { RawEvent } from "@/lib/sessions/mask-events";
import { UnmaskButton } from "./unmask-button";

/** One line of text for an event, already masked: terminal data loses its escape codes. */
export function describeEvent(e: RawEvent): string {
  const b = e.body;
  switch (e.type) {
    case "output":
    case "input":
      // Terminal line ends become plain newlines (a bare CR would differ between server and
      // browser HTML); trailing ones would only add blank rows to the list.
      return stripAnsi(String(b.data ?? ""))
        .replace(/\r\n?/g, "\n")
        .replace(/\n+$/, "");
    case "resize":
      return `${b.cols}×${b.rows}`;
    case "marker":
      return String(b.label ?? "");
    case "exit":
      return `exit ${b.code}`;
    case "command":
      return `$ ${b.command}${b.exit_code !== undefined ? `   → exit ${b.exit_code}` : ""}`;
    case "tool_call":
      return `${b.tool}(${b.input === undefined ? "" : JSON.stringify(b.input)})`;
    case "tool_result":
      return `${b.is_error ? "error: " : ""}${typeof b.output === "string" ? b.output : JSON.stringify(b.output ?? null)}`;
    case "query":
      return String(b.query ?? "");
    case "http":
      return `${b.method} ${b.url}${b.status !== undefined ? ` → ${b.status}` : ""}`;
    case "note":
      return String(b.text ?? "");
    default:
      return JSON.stringify(b);
  }
}

/** Masked events; admins (`canUnmask`) may reveal one at a time with a stated reason. */
export function EventList({ events, sessionId, canUnmask = false }: { events: RawEvent[]; sessionId?: string; canUnmask?: boolean }) {
  if (events.length === 0) return <div className="panel empty">No events recorded.</div>;
  return (
    <div className="panel events" data-testid="event-list" style={{ padding: 0 }}>
      {events.map((e) => (
        <div key={e.seq} className={`event ${e.type}`} data-seq={e.seq} id={`seq-${e.seq}`}>
          <span className="seq">{e.seq}</span>
          <span className="t">{e.time.toFixed(2)}s</span>
          <span className="type">{e.type}</span>
          <div>
            <pre>{describeEvent(e)}</pre>
            {canUnmask && sessionId && /\[[a-z0-9-]+(:[0-9a-f]{4})?\]\*|\*{4,}/.test(JSON.stringify(e.body)) && <UnmaskButton sessionId={sessionId} seq={e.seq} />}
          </div>
        </div>
      ))}
    </div>
  );
}
