import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { appendAudit } from "@/lib/audit/append-audit";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { maskSessionFields } from "@/lib/sessions/mask-metadata";
import { fingerprintSecret } from "./fingerprint";
import { loadKnownValuesFor } from "./known-values";

export const OCCURRENCE_LIMIT = 1000;

export interface SecretOccurrenceView {
  sessionId: string;
  sessionTitle: string | null;
  agent: string;
  service: string | null;
  host: string | null;
  seq: number;
  offset: number;
  length: number;
  ruleId: string;
  /** Seconds since the session started. */
  time: number;
  /** When it appeared: the session's start plus the event's time. */
  at: string;
}

/**
 * Every place a secret appeared, across all sessions, in time order. `query` is the leaked
 * secret itself or its hex fingerprint; only the fingerprint is looked up, and neither is kept.
 */
export async function findSecret(db: Queryable, params: { query: string; actor: string }) {
  const query = params.query.trim();
  if (query.length === 0) throw new AppError("bad_request", "paste a secret or a fingerprint to look for");
  if (query.length > 16_384) throw new AppError("payload_too_large", "a secret to look for is at most 16384 characters");
  // A 64-digit hex string may be a fingerprint, or itself a secret (hex API keys exist): look for both.
  const fingerprints = [fingerprintSecret(query)];
  if (/^[0-9a-f]{64}$/i.test(query)) fingerprints.push(Buffer.from(query, "hex"));
  const rows = await queryRows<{
    session_id: string;
    title: string | null;
    agent: string;
    service: string | null;
    host: string | null;
    seq: number | string;
    offset: number;
    length: number;
    rule_id: string;
    time: number;
    at: Date | string;
    fingerprint: Uint8Array;
  }>(
    db,
    sql`select f.session_id, s.title, a.name as agent, s.service, s.host, f.seq, f."offset", f.length, f.rule_id, e.time,
               s.started_at + e.time * interval '1 second' as at, f.fingerprint
        from secret_fingerprints f
        join sessions s on s.id = f.session_id
        join agents a on a.id = s.agent_id
        join events e on e.session_id = f.session_id and e.seq = f.seq
        where f.fingerprint in (${sql.join(fingerprints.map((fp) => sql`${fp}`), sql`, `)})
        order by at, f.seq, f."offset"
        limit ${OCCURRENCE_LIMIT}`,
  );
  const matched = rows[0] ? Buffer.from(rows[0].fingerprint).toString("hex") : fingerprints[0].toString("hex");
  // The audit head is locked for the entry's own transaction: concurrent searches queue there.
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: params.actor,
      action: "secret.search",
      targetType: "fingerprint",
      // The first 16 hex digits identify the search in the log without making the secret testable offline.
      targetId: matched.slice(0, 16),
      details: { occurrences: rows.length },
    }),
  );
  // A session's title, host and service are the collector's text, masked like its events; a
  // session may appear hundreds of times, so each one's are masked once.
  const knownValues = await loadKnownValuesFor(db, rows.map((r) => r.session_id));
  const sessionText = new Map<string, { title: string | null; host: string | null; service: string | null }>();
  const occurrences: SecretOccurrenceView[] = rows.map((r) => {
    let text = sessionText.get(r.session_id);
    if (!text) {
      text = maskSessionFields({ title: r.title, host: r.host, service: r.service }, { knownValues: knownValues.get(r.session_id) ?? [] });
      sessionText.set(r.session_id, text);
    }
    return {
      sessionId: r.session_id,
      sessionTitle: text.title,
      agent: r.agent,
      service: text.service,
      host: text.host,
      seq: Number(r.seq),
      offset: r.offset,
      length: r.length,
      ruleId: r.rule_id,
      time: Number(r.time),
      at: new Date(r.at).toISOString(),
    };
  });
  return { fingerprint: matched, occurrences, truncated: rows.length === OCCURRENCE_LIMIT };
}

/** The secret-exposure trace for a person. Needs analyst; every search is audited. */
export async function findSecretAs(db: Queryable, params: { viewer: Viewer | null; query: string }) {
  assertRole(params.viewer, "analyst");
  return findSecret(db, { query: params.query, actor: actorOf(params.viewer) });
}
