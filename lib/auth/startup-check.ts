import "server-only";
import type { Env } from "@/lib/env";
import { parseRoleMap } from "./roles";

/**
 * Problems that must stop the server before it serves anything. The development identity
 * provider and demo data never run in production by accident.
 */
export function startupProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.production && !e.OIDC_ISSUER && !e.FLIGHTLOG_DEV_IDP) {
    problems.push(
      [
        "NODE_ENV=production and no OIDC_ISSUER: refusing to start with the bundled development identity provider,",
        "whose users and password are public. Configure your identity provider (Okta, Entra ID, Keycloak, Google…):",
        "  OIDC_ISSUER=https://idp.example.com/realms/acme   (its /.well-known/openid-configuration must be reachable)",
        "  OIDC_CLIENT_ID=…  OIDC_CLIENT_SECRET=…             (redirect URI: <FLIGHTLOG_URL>/api/auth/callback/oidc)",
        "  OIDC_ROLE_CLAIM=groups  OIDC_ROLE_MAP=sec-analysts:analyst,sec-leads:approver,sec-admins:admin",
        "To run the development provider in production anyway (never with real data), set FLIGHTLOG_DEV_IDP=1.",
      ].join("\n"),
    );
  }
  if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET)) {
    problems.push("OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required too.");
  }
  if (!e.OIDC_ISSUER && e.FLIGHTLOG_WORKERS > 1) {
    problems.push("FLIGHTLOG_WORKERS > 1 needs OIDC_ISSUER: the development identity provider keeps its state in one process.");
  }
  if (e.production && !e.NEXTAUTH_SECRET && e.FLIGHTLOG_WORKERS > 1) {
    problems.push("FLIGHTLOG_WORKERS > 1 in production needs NEXTAUTH_SECRET, shared by every replica.");
  }
  try {
    parseRoleMap(e.OIDC_ROLE_MAP);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

/** Demo sessions: on by default, never in production unless FLIGHTLOG_DEMO=1. */
export function demoEnabled(e: Env): boolean {
  return e.FLIGHTLOG_DEMO ?? !e.production;
}
