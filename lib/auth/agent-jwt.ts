import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Queryable } from "@/db/client";
import { agents } from "@/db/schema";
import type { AgentIssuer } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";
import type { AgentIdentity } from "./agent";

const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(url: string): JWTVerifyGetKey {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    keySets.set(url, set);
  }
  return set;
}

/**
 * Verifies an agent JWT from a trusted issuer against the issuer's JWKS. The identity is
 * iss + sub; the first verified token registers the agent.
 */
export async function authenticateJwt(db: Queryable, token: string, issuers: AgentIssuer[]): Promise<AgentIdentity> {
  let claimedIssuer: string | undefined;
  try {
    claimedIssuer = decodeJwt(token).iss;
  } catch {
    throw new AppError("unauthorized", "malformed token");
  }
  const trusted = issuers.find((i) => i.issuer === claimedIssuer);
  if (!trusted) throw new AppError("unauthorized", "the token's issuer is not trusted");
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(token, keySet(trusted.jwks_url), {
      issuer: trusted.issuer,
      audience: trusted.audience,
      algorithms: ["RS256", "ES256", "EdDSA", "PS256", "ES384", "RS384", "RS512"],
      requiredClaims: ["sub", "exp"],
    });
    sub = payload.sub;
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    throw new AppError("unauthorized", code === "ERR_JWT_EXPIRED" ? "the token has expired" : "the token does not verify");
  }
  if (!sub) throw new AppError("unauthorized", "the token has no subject");
  return upsertJwtAgent(db, trusted.issuer, sub);
}

async function upsertJwtAgent(db: Queryable, issuer: string, subject: string): Promise<AgentIdentity> {
  const find = () =>
    db
      .select({ id: agents.id, name: agents.name, disabledAt: agents.disabledAt })
      .from(agents)
      .where(and(eq(agents.issuer, issuer), eq(agents.subject, subject)));
  let row = (await find())[0];
  if (!row) {
    const name = `${subject}@${new URL(issuer).host}`.slice(0, 64);
    await db.insert(agents).values({ id: randomUUID(), name, kind: "jwt", issuer, subject, createdBy: "jwt" }).onConflictDoNothing();
    row = (await find())[0];
    if (!row) throw new AppError("conflict", `an agent named ${name} already exists`);
  }
  if (row.disabledAt) throw new AppError("unauthorized", "the agent is disabled");
  return { id: row.id, name: row.name, kind: "jwt", issuer, subject };
}
