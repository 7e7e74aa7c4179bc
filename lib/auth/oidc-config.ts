import "server-only";
import { env } from "@/lib/env";
import { generatedSecret } from "@/lib/data-dir";
import { DEV_CLIENT_ID } from "./dev-users";

/** Where the development identity provider is mounted on Flightlog's own server. */
export const DEV_IDP_PATH = "/oidc";

export interface OidcConfig {
  /** True when the bundled development identity provider is in use. */
  dev: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  roleClaim: string;
}

/** The identity provider for human sign-in: OIDC_ISSUER, or the bundled development one. */
export function oidcConfig(): OidcConfig {
  const e = env();
  if (!e.OIDC_ISSUER) {
    return {
      dev: true,
      issuer: `${e.url}${DEV_IDP_PATH}`,
      clientId: DEV_CLIENT_ID,
      clientSecret: generatedSecret("dev-idp-client-secret"),
      scope: "openid email profile groups",
      roleClaim: "groups",
    };
  }
  return {
    dev: false,
    issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: e.OIDC_CLIENT_ID ?? "",
    clientSecret: e.OIDC_CLIENT_SECRET ?? "",
    scope: e.OIDC_SCOPES,
    roleClaim: e.OIDC_ROLE_CLAIM,
  };
}

/** The secret that signs console session cookies: NEXTAUTH_SECRET, or one generated into the data directory. */
export function authSecret(): string {
  return env().NEXTAUTH_SECRET ?? generatedSecret("auth-secret");
}

/** Session cookies are Secure except on plain http to a host other than this machine (where browsers would drop them). */
export function useSecureCookies(url: string): boolean {
  const u = new URL(url);
  return u.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
}
