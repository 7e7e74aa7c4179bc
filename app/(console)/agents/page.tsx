import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/page-guard";
import { adminListAgents } from "@/lib/auth/agent-admin";
import { AgentAdmin, type AgentView } from "@/components/agents/agent-admin";

export const dynamic = "force-dynamic";

export default async function AgentsPage() {
  const viewer = await requirePageRole("admin");
  const agents = await adminListAgents(await getDb(), { viewer });
  const view: AgentView[] = agents.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    issuer: a.issuer,
    createdAt: a.createdAt.toISOString(),
    tokens: a.tokens.map((t) => ({
      id: t.id,
      prefix: t.prefix,
      createdAt: t.createdAt.toISOString(),
      createdBy: t.createdBy,
      expiresAt: t.expiresAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    })),
  }));
  return (
    <>
      <div className="page-head">
        <h1>Agents</h1>
        <span className="sub">non-human identities and their ingest tokens · tokens are stored only as hashes</span>
      </div>
      <AgentAdmin agents={view} now={Date.now()} />
    </>
  );
}
