import "server-only";
import type { Queryable } from "@/db/client";
import type { EvidenceBundle } from "@/lib/chain";
import { canonicalize } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { maskEvents, type RawEvent } from "@/lib/sessions/mask-events";
import { maskSessionFields } from "@/lib/sessions/mask-metadata";
import { loadKnownValues } from "@/lib/secrets/known-values";
import { assertSessionId } from "@/lib/ingest/sessions";
import { exportBundle } from "./export-bundle";

/**
 * A session's evidence bundle. Bodies are masked unless `unmasked`: a masked body is marked
 * `redacted` and the chain still proves through its stored body_hash, so the bundle verifies
 * either way. The whole session is masked as one stream, like the console reads it. The
 * session's metadata is outside the chain, so its free text is simply masked with the bodies.
 */
export async function exportSessionBundle(db: Queryable, params: { sessionId: string; unmasked: boolean }): Promise<EvidenceBundle> {
  assertSessionId(params.sessionId);
  const chain = { kind: "session" as const, chainId: params.sessionId };
  const key = getSigningKey();
  if (params.unmasked) return exportBundle(db, { chain, key });
  const bundle = await exportBundle(db, { chain, key });
  const events: RawEvent[] = bundle.events.map((e) => {
    const body = JSON.parse(e.body) as Record<string, unknown>;
    return { seq: e.seq, time: Number(body.time ?? 0), type: String(body.type), body };
  });
  const knownValues = await loadKnownValues(db, params.sessionId);
  const masked = maskEvents(events, 1, Number.MAX_SAFE_INTEGER, knownValues);
  bundle.events = bundle.events.map((e, i) => {
    const body = canonicalize(masked[i].body);
    return body === e.body ? e : { ...e, body, redacted: true };
  });
  if (bundle.session) bundle.session = maskSessionFields(bundle.session, { knownValues });
  return bundle;
}
