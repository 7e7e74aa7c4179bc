import "server-only";
import type { Queryable } from "@/db/client";
import { appendAudit } from "./append-audit";

/**
 * Reads of a session's content by a person are audited as `session.view`, whichever way they
 * read it: the page, the events API, the replay stream, search inside the session, the outline.
 * Reads by one person of one session within this window share one entry (the player reads a
 * session in many requests: every seek is one).
 */
export const READ_AUDIT_WINDOW_SECONDS = 600;

// Per process, and only a shortcut: it spares the audit log a locked check on every request. A
// restart or another worker forgets it, and the locked check then decides.
const recorded = new Map<string, number>();
const RECORDED_KEPT = 10_000;

export async function recordSessionRead(db: Queryable, params: { actor: string; sessionId: string; via: "events" | "replay" | "search" | "outline" }): Promise<void> {
  const key = `${params.actor}\u0000${params.sessionId}`;
  const now = Date.now();
  const last = recorded.get(key);
  if (last !== undefined && now - last < READ_AUDIT_WINDOW_SECONDS * 1000) return;
  await db.transaction((tx) =>
    appendAudit(
      tx,
      { actor: params.actor, action: "session.view", targetType: "session", targetId: params.sessionId, details: { via: params.via } },
      { unlessWithinSeconds: READ_AUDIT_WINDOW_SECONDS },
    ),
  );
  if (recorded.size >= RECORDED_KEPT) recorded.clear();
  recorded.set(key, now);
}
