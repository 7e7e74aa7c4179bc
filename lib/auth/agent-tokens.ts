import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { agents, agentTokens } from "@/db/schema";
import { sha256 } from "@/lib/chain";
import { appendAudit } from "@/lib/audit/append-audit";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "./agent";

/** Ingest tokens look like flt_<43 base64url chars>: 256 random bits. */
export const TOKEN_PREFIX = "flt_";
export const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 3600;
const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function hashToken(token: string): string {
  return sha256(token).toString("hex");
}

/** Parses "90s", "15m", "24h", "30d" into seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!m) throw new AppError("bad_request", `ttl must look like 30m, 24h or 30d, not ${JSON.stringify(text)}`);
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
  if (seconds < 60 || seconds > MAX_TOKEN_TTL_SECONDS) throw new AppError("bad_request", "ttl must be between 1 minute and 365 days");
  return seconds;
}

export async function createAgent(db: Queryable, params: { name: string; actor: string }) {
  const name = params.name.trim();
  if (!AGENT_NAME.test(name)) {
    throw new AppError("bad_request", "an agent name is 1–64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
  }
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const inserted = await tx.insert(agents).values({ id, name, kind: "token", createdBy: params.actor }).onConflictDoNothing().returning({ id: agents.id });
    if (inserted.length === 0) throw new AppError("conflict", `an agent named ${name} already exists`);
    await appendAudit(tx, { actor: params.actor, action: "agent.create", targetType: "agent", targetId: id, details: { name } });
    return { id, name };
  });
}

async function findAgent(tx: Queryable, ref: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(ref);
  const rows = await tx
    .select({ id: agents.id, name: agents.name, kind: agents.kind, disabledAt: agents.disabledAt })
    .from(agents)
    .where(byId ? eq(agents.id, ref) : eq(agents.name, ref));
  return rows[0] ?? null;
}

/** Issues a token for an agent. The token is returned once; only its hash is kept. */
export async function createToken(db: Queryable, params: { agent: string; ttlSeconds: number; actor: string }) {
  if (!Number.isInteger(params.ttlSeconds) || params.ttlSeconds < 60 || params.ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
    throw new AppError("bad_request", "ttl must be between 1 minute and 365 days");
  }
  return db.transaction(async (tx) => {
    const agent = await findAgent(tx, params.agent);
    if (!agent) throw new AppError("not_found", `no agent ${params.agent}`);
    if (agent.kind !== "token") throw new AppError("bad_request", "JWT agents authenticate with their issuer's tokens");
    const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + params.ttlSeconds * 1000);
    const prefix = token.slice(0, 12);
    await tx.insert(agentTokens).values({ id, agentId: agent.id, tokenHash: hashToken(token), prefix, createdBy: params.actor, expiresAt });
    await appendAudit(tx, {
      actor: params.actor,
      action: "token.create",
      targetType: "token",
      targetId: id,
      details: { agent: agent.name, prefix, expires_at: expiresAt.toISOString() },
    });
    return { id, token, prefix, agent: { id: agent.id, name: agent.name }, expires_at: expiresAt.toISOString() };
  });
}

export async function revokeToken(db: Queryable, params: { id: string; actor: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new AppError("not_found", "no such token");
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(agentTokens)
      .set({ revokedAt: sql`now()`, revokedBy: params.actor })
      .where(and(eq(agentTokens.id, params.id), isNull(agentTokens.revokedAt)))
      .returning({ id: agentTokens.id, prefix: agentTokens.prefix });
    if (rows.length === 0) {
      const exists = await tx.select({ id: agentTokens.id }).from(agentTokens).where(eq(agentTokens.id, params.id));
      if (exists.length === 0) throw new AppError("not_found", "no such token");
      throw new AppError("conflict", "the token is already revoked");
    }
    await appendAudit(tx, { actor: params.actor, action: "token.revoke", targetType: "token", targetId: params.id, details: { prefix: rows[0].prefix } });
    return { id: params.id, revoked: true };
  });
}

/** The token lookup, built once per database handle: every collector request runs it. */
function tokenLookup(db: Queryable) {
  return db
    .select({
      tokenId: agentTokens.id,
      expiresAt: agentTokens.expiresAt,
      revokedAt: agentTokens.revokedAt,
      lastUsedAt: agentTokens.lastUsedAt,
      id: agents.id,
      name: agents.name,
      disabledAt: agents.disabledAt,
    })
    .from(agentTokens)
    .innerJoin(agents, eq(agents.id, agentTokens.agentId))
    .where(eq(agentTokens.tokenHash, sql.placeholder("tokenHash")))
    .prepare("flightlog_token_lookup");
}
const tokenLookups = new WeakMap<Queryable, ReturnType<typeof tokenLookup>>();

/** Resolves an ingest token to its agent, or throws 401 saying why. */
export async function authenticateToken(db: Queryable, token: string): Promise<AgentIdentity> {
  let lookup = tokenLookups.get(db);
  if (!lookup) tokenLookups.set(db, (lookup = tokenLookup(db)));
  const rows = await lookup.execute({ tokenHash: hashToken(token) });
  const row = rows[0];
  if (!row) throw new AppError("unauthorized", "unknown token");
  if (row.revokedAt) throw new AppError("unauthorized", "the token has been revoked");
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("unauthorized", "the token has expired");
  if (row.disabledAt) throw new AppError("unauthorized", "the agent is disabled");
  // Last use is kept to the minute, so a busy collector does not write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(agentTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(agentTokens.id, row.tokenId), or(isNull(agentTokens.lastUsedAt), lt(agentTokens.lastUsedAt, sql`now() - interval '60 seconds'`))));
  }
  return { id: row.id, name: row.name, kind: "token" };
}

export async function listAgents(db: Queryable) {
  const agentRows = await db
    .select({ id: agents.id, name: agents.name, kind: agents.kind, issuer: agents.issuer, subject: agents.subject, createdAt: agents.createdAt })
    .from(agents)
    .orderBy(agents.name);
  const tokenRows = await db
    .select({
      id: agentTokens.id,
      agentId: agentTokens.agentId,
      prefix: agentTokens.prefix,
      createdAt: agentTokens.createdAt,
      createdBy: agentTokens.createdBy,
      expiresAt: agentTokens.expiresAt,
      revokedAt: agentTokens.revokedAt,
      lastUsedAt: agentTokens.lastUsedAt,
    })
    .from(agentTokens)
    .orderBy(desc(agentTokens.createdAt));
  return agentRows.map((a) => ({ ...a, tokens: tokenRows.filter((t) => t.agentId === a.id) }));
}
