import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/viewer";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { DEV_PASSWORD, DEV_USERS } from "@/lib/auth/dev-users";
import { Wordmark } from "@/components/console/wordmark";
import { SignInButton } from "@/components/auth/sign-in-button";

export const dynamic = "force-dynamic";

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/sessions";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getViewer()) redirect(callbackUrl);
  const oidc = oidcConfig();
  const error = typeof params.error === "string" ? params.error : null;
  return (
    <main className="center">
      <div className="card">
        <Wordmark />
        <h1 style={{ marginTop: 18 }}>Sign in</h1>
        <p>The forensic console for AI coding agents.</p>
        {error && (
          <p className="error-text" role="alert">
            Sign-in failed ({error}). Try again, or ask an administrator to check the identity provider settings.
          </p>
        )}
        <SignInButton callbackUrl={callbackUrl} label={oidc.dev ? "Sign in with the development identity provider" : "Sign in with single sign-on"} />
        {oidc.dev && (
          <div className="callout warn" data-testid="dev-users">
            <strong>Development identity provider.</strong> For trying Flightlog only: set <code>OIDC_ISSUER</code> for real use. Every
            user&apos;s password is <code>{DEV_PASSWORD}</code>.
            <table className="users">
              <tbody>
                {DEV_USERS.map((u) => (
                  <tr key={u.email}>
                    <td className="mono">{u.email}</td>
                    <td className="dim">{u.roles.length ? u.roles.join(", ") : "no role"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </main>
  );
}
