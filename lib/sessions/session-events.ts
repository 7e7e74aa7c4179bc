import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { recordSessionRead } from "@/lib/audit/record-read";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { DEFAULT_MAX_HOLD } from "@/lib/redact";
import { assertSessionId } from "@/lib/ingest/sessions";
import { maskEvents, type RawEvent } from "./mask-events";
import { loadKnownValues } from "@/lib/secrets/known-values";
import { maxStoredSeq } from "@/db/queries/chain";

export const EVENTS_PAGE_MAX = 1000;
/** Terminal text read around a page, so a secret crossing the page's edge is still recognised. */
const CONTEXT_CHARS = DEFAULT_MAX_HOLD;

type Row = { seq: number | string; time: number; type: string; body: string };

function toEvent(r: Row): RawEvent {
  return { seq: Number(r.seq), time: Number(r.time), type: r.type, body: JSON.parse(r.body) as Record<string, unknown> };
}

/** Context is read in growing seq ranges: most terminal events are short, some are 64 KiB. */
const CONTEXT_STEPS = [8, 16, 32, 64];

/** The most events a first read may span when the caller expects short events. */
const MAX_FIRST_SPAN = 256;

/** How many events a first read should span to gather the context, when events carry `charsPerEvent` on average. */
export function contextSpan(charsPerEvent: number): number {
  if (!(charsPerEvent > 0)) return CONTEXT_STEPS[0];
  // A quarter more than the average asks for: lengths vary around it.
  return Math.min(MAX_FIRST_SPAN, Math.max(CONTEXT_STEPS[0], Math.ceil((CONTEXT_CHARS / charsPerEvent) * 1.25) + 1));
}

/**
 * Reads terminal events next to seq `from` (exclusive) until `CONTEXT_CHARS` of data are
 * gathered, or the session's edge. Reads go by seq ranges, which stay index range scans
 * whatever the planner's statistics say. `firstSpan` sizes the first read (see contextSpan),
 * so that one round trip usually suffices.
 */
export async function readTerminalContext(
  db: Queryable,
  id: string,
  from: number,
  direction: "before" | "after",
  options: { lastSeq?: number; firstSpan?: number } = {},
): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  let chars = 0;
  const last = direction === "after" ? (options.lastSeq ?? (await maxStoredSeq(db, { kind: "session", chainId: id }))) : 0;
  let read = 0;
  for (let step = 0; chars < CONTEXT_CHARS; step++) {
    const span = step === 0 && options.firstSpan ? options.firstSpan : CONTEXT_STEPS[Math.min(step, CONTEXT_STEPS.length - 1)];
    const lo = direction === "before" ? Math.max(1, from - read - span) : from + 1 + read;
    const hi = direction === "before" ? from - 1 - read : Math.min(last, from + read + span);
    if (lo > hi) break;
    read += span;
    const rows = await queryRows<Row>(
      db,
      sql`select seq, time, type, body from events where session_id = ${id} and seq between ${lo} and ${hi} and type in ('output', 'input') order by seq ${direction === "before" ? sql`desc` : sql`asc`}`,
    );
    for (const r of rows) {
      const e = toEvent(r);
      out.push(e);
      chars += typeof e.body.data === "string" ? e.body.data.length : 0;
    }
  }
  return direction === "before" ? out.reverse() : out;
}

/**
 * The events after `afterSeq`, at most `limit`, masked. The one way event content leaves the
 * database for a reader: callers check the reader's role first.
 */
export async function readMaskedEventRange(db: Queryable, sessionId: string, afterSeq: number, limit: number): Promise<{ events: RawEvent[]; next_after: number | null }> {
  const last = await maxStoredSeq(db, { kind: "session", chainId: sessionId });
  const upTo = Math.min(afterSeq + limit, last);
  const rows =
    upTo > afterSeq
      ? await queryRows<Row>(db, sql`select seq, time, type, body from events where session_id = ${sessionId} and seq between ${afterSeq + 1} and ${upTo} order by seq`)
      : [];
  const next_after = upTo < last ? upTo : null;
  const page = rows.map(toEvent);
  if (page.length === 0) return { events: [], next_after };
  const first = page[0].seq;
  const lastShown = page[page.length - 1].seq;
  const window = [...(await readTerminalContext(db, sessionId, first, "before")), ...page, ...(await readTerminalContext(db, sessionId, lastShown, "after", { lastSeq: last }))];
  return { events: maskEvents(window, first, lastShown, await loadKnownValues(db, sessionId)), next_after };
}

/**
 * A page of a session's events, masked: the events after `afterSeq`, at most `limit`. Needs
 * analyst. Output is never returned unmasked here; unmasking is an audited admin action.
 */
export async function readSessionEvents(db: Queryable, params: { viewer: Viewer | null; id: string; afterSeq?: number; limit?: number }) {
  assertRole(params.viewer, "analyst");
  assertSessionId(params.id);
  const [found] = await queryRows<{ id: string }>(db, sql`select id from sessions where id = ${params.id}`);
  if (!found) throw new AppError("not_found", "no such session");
  const afterSeq = Math.max(0, Math.floor(params.afterSeq ?? 0));
  const limit = Math.min(Math.max(Math.floor(params.limit ?? 500), 1), EVENTS_PAGE_MAX);
  await recordSessionRead(db, { actor: actorOf(params.viewer), sessionId: params.id, via: "events" });
  return readMaskedEventRange(db, params.id, afterSeq, limit);
}
