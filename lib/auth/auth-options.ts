import "server-only";
import type { NextAuthOptions } from "next-auth";
import { env } from "@/lib/env";
import { getDb } from "@/db";
import { appendAudit } from "@/lib/audit/append-audit";
import { authSecret, oidcConfig, useSecureCookies } from "./oidc-config";
import { parseRoleMap, rolesFromClaim } from "./roles";

interface IdTokenClaims {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
  [claim: string]: unknown;
}

/** next-auth configuration: one generic OIDC provider, JWT sessions, roles from an ID-token claim. */
export function authOptions(): NextAuthOptions {
  const e = env();
  const oidc = oidcConfig();
  const roleMap = parseRoleMap(e.OIDC_ROLE_MAP);
  return {
    secret: authSecret(),
    useSecureCookies: useSecureCookies(e.url),
    session: { strategy: "jwt", maxAge: e.FLIGHTLOG_SESSION_MAX_AGE },
    jwt: { maxAge: e.FLIGHTLOG_SESSION_MAX_AGE },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      {
        id: "oidc",
        name: oidc.dev ? "Flightlog development identity provider" : "single sign-on",
        type: "oauth",
        wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        idToken: true,
        checks: ["pkce", "state"],
        // The development provider always asks for a password, so switching users works.
        authorization: { params: { scope: oidc.scope, ...(oidc.dev ? { prompt: "login" } : {}) } },
        profile(profile: IdTokenClaims) {
          return { id: profile.sub, email: profile.email ?? profile.preferred_username ?? profile.sub, name: profile.name ?? null };
        },
      },
    ],
    callbacks: {
      async jwt({ token, profile }) {
        // On sign-in, profile holds the ID token's claims; roles come from the configured claim.
        if (profile) token.roles = rolesFromClaim((profile as IdTokenClaims)[oidc.roleClaim], roleMap);
        return token;
      },
      async session({ session, token }) {
        session.user = { email: token.email ?? token.sub ?? "unknown", name: token.name ?? null, roles: token.roles ?? [] };
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        await appendAudit(await getDb(), { actor: `user:${user.email}`, action: "auth.sign_in", details: { name: user.name ?? null } });
      },
      async signOut({ token }) {
        if (token?.email) await appendAudit(await getDb(), { actor: `user:${token.email}`, action: "auth.sign_out" });
      },
    },
  };
}
