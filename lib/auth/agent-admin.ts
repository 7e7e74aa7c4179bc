import "server-only";
import type { Queryable } from "@/db/client";
import { env } from "@/lib/env";
import { actorOf, assertRole, type Viewer } from "./viewer";
import { createAgent, createToken, listAgents, revokeToken } from "./agent-tokens";

// The console's agent and token administration: admin only, each action audited by the
// underlying function in the same transaction.

export async function adminListAgents(db: Queryable, params: { viewer: Viewer | null }) {
  assertRole(params.viewer, "admin");
  return listAgents(db);
}

export async function adminCreateAgent(db: Queryable, params: { viewer: Viewer | null; name: string }) {
  assertRole(params.viewer, "admin");
  return createAgent(db, { name: params.name, actor: actorOf(params.viewer) });
}

export async function adminCreateToken(db: Queryable, params: { viewer: Viewer | null; agentId: string; ttlSeconds: number }) {
  assertRole(params.viewer, "admin");
  const issued = await createToken(db, { agent: params.agentId, ttlSeconds: params.ttlSeconds, actor: actorOf(params.viewer) });
  return { ...issued, curl: ingestExample(env().url, issued.token, issued.agent.name) };
}

export async function adminRevokeToken(db: Queryable, params: { viewer: Viewer | null; tokenId: string }) {
  assertRole(params.viewer, "admin");
  return revokeToken(db, { id: params.tokenId, actor: actorOf(params.viewer) });
}

/** A ready-to-paste shell snippet that records, ends and thereby verifies one session with `token`. */
export function ingestExample(url: string, token: string, agentName: string): string {
  const hello = JSON.stringify([0.1, "o", `hello from ${agentName}\r\n`]);
  return [
    `export FLIGHTLOG=${url} TOKEN=${token}`,
    `SESSION=$(curl -sf -X POST "$FLIGHTLOG/api/v1/sessions" -H "Authorization: Bearer $TOKEN" \\`,
    `  -H 'Content-Type: application/json' -d '{"service":"shell","title":"first session from ${agentName}"}' \\`,
    `  | sed -E 's/.*"id":"([^"]+)".*/\\1/')`,
    `printf '%s\\n' '${hello}' | curl -sf -w '\\n' -X POST "$FLIGHTLOG/api/v1/sessions/$SESSION/events?seq=1" \\`,
    `  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-asciicast' --data-binary @-`,
    `curl -sf -w '\\n' -X POST "$FLIGHTLOG/api/v1/sessions/$SESSION/end" -H "Authorization: Bearer $TOKEN"`,
  ].join("\n");
}
