import "server-only";
import type { Queryable } from "@/db/client";
import type { AgentIssuer } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "./agent";
import { authenticateToken, TOKEN_PREFIX } from "./agent-tokens";
import { authenticateJwt } from "./agent-jwt";

/** Authenticates a collector from its Authorization header: an ingest token or a trusted JWT. */
export async function authenticateAgent(db: Queryable, authorization: string | null, issuers: AgentIssuer[]): Promise<AgentIdentity> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) throw new AppError("unauthorized", "missing bearer token");
  const token = m[1];
  if (token.startsWith(TOKEN_PREFIX)) return authenticateToken(db, token);
  if (token.split(".").length === 3) return authenticateJwt(db, token, issuers);
  throw new AppError("unauthorized", "unknown token");
}
