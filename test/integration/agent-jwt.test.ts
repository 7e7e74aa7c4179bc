import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { authenticateAgent } from "@/lib/auth/authenticate-agent";
import type { AgentIssuer } from "@/lib/env";
import { describeEachBackend } from "../db";

// A real JWKS endpoint on localhost, serving the public half of a key the test signs with.
let server: Server;
let issuer: AgentIssuer;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let stranger: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  keys = await generateKeyPair("ES256");
  stranger = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  issuer = { issuer: "https://ci.example.test", audience: "flightlog", jwks_url: `http://127.0.0.1:${port}/jwks.json` };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function sign(claims: { sub?: string; aud?: string; iss?: string; exp?: number | string }, key = keys.privateKey) {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "k1" }).setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  jwt = jwt.setIssuer(claims.iss ?? issuer.issuer).setAudience(claims.aud ?? "flightlog").setExpirationTime(claims.exp ?? "5m");
  return jwt.sign(key);
}

describeEachBackend("agent JWTs from a trusted issuer", (ctx) => {
  it("identifies the agent as iss + sub, registering it once", async () => {
    const a = await authenticateAgent(ctx.db, `Bearer ${await sign({ sub: "repo:acme/api:ref:main" })}`, [issuer]);
    const b = await authenticateAgent(ctx.db, `Bearer ${await sign({ sub: "repo:acme/api:ref:main" })}`, [issuer]);
    expect(a).toMatchObject({ kind: "jwt", issuer: issuer.issuer, subject: "repo:acme/api:ref:main" });
    expect(b.id).toBe(a.id);
    const rows = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from agents where kind = 'jwt'`);
    expect(rows[0].n).toBe(1);
  });

  it("refuses an untrusted issuer, a wrong audience, a foreign signature, no subject and expiry", async () => {
    const refuse = async (token: string, message: RegExp) => {
      await expect(authenticateAgent(ctx.db, `Bearer ${token}`, [issuer])).rejects.toMatchObject({ code: "unauthorized", message: expect.stringMatching(message) });
    };
    await refuse(await sign({ sub: "x", iss: "https://evil.example" }), /not trusted/);
    await refuse(await sign({ sub: "x", aud: "someone-else" }), /does not verify/);
    await refuse(await sign({ sub: "x" }, stranger.privateKey), /does not verify/);
    await refuse(await sign({}), /does not verify/);
    await refuse(await sign({ sub: "x", exp: Math.floor(Date.now() / 1000) - 600 }), /expired/);
    await refuse("a.b.c", /malformed/);
  });
});
