import "server-only";
import type { Queryable } from "@/db/client";
import { sessionMetadata } from "@/lib/evidence/export-bundle";
import { redactText } from "@/lib/redact";
import { fingerprintHex } from "@/lib/secrets/fingerprint";
import { loadKnownValues } from "@/lib/secrets/known-values";

/**
 * The session fields a collector writes as text, by their protocol names
 * (lib/protocol/session.schema.ts). Any of them can carry a secret: a title quoting the command
 * that used a key, a host or cwd named after a token, a trace id that is really a JWT.
 * `service` is a short lowercase name, but it is the collector's text all the same.
 */
export const SESSION_TEXT_FIELDS = ["title", "host", "user", "cwd", "correlation_id", "external_id", "service"] as const;

/**
 * `fields` with each of SESSION_TEXT_FIELDS it has masked like event text, and every other key
 * as it is. Masking happens as the fields are read, never at ingest: the stored values are part
 * of what was received, and rules or known values added later then mask old sessions too.
 * Each field is scanned on its own, as a structured event's strings are.
 */
export function maskSessionFields<T extends object>(fields: T, options: { knownValues: string[] }): T {
  const redact = { knownValues: options.knownValues, fingerprint: fingerprintHex };
  const out = { ...fields } as Record<string, unknown>;
  for (const key of SESSION_TEXT_FIELDS) {
    const value = out[key];
    if (typeof value === "string" && value !== "") out[key] = redactText(value, redact).output;
  }
  return out as T;
}

/**
 * A session's metadata (see sessionMetadata) with its free text masked under the session's
 * known values, for a person or a masked export. Null for an unknown session.
 */
export async function maskedSessionMetadata(db: Queryable, sessionId: string) {
  const meta = await sessionMetadata(db, sessionId);
  if (!meta) return null;
  return maskSessionFields(meta, { knownValues: await loadKnownValues(db, sessionId) });
}
