import type { Viewer } from "@/lib/auth/viewer";
import { Wordmark } from "./wordmark";
import { SignOutButton } from "./sign-out-button";

/** Shown to a signed-in person whose identity provider grants no Flightlog role. */
export function NoAccess({ viewer }: { viewer: Viewer }) {
  return (
    <div className="center">
      <div className="card" data-testid="no-access">
        <Wordmark />
        <h1 style={{ marginTop: 18 }}>No access</h1>
        <p>
          You are signed in as <strong>{viewer.email}</strong>, but your identity provider grants you no Flightlog role. Ask an
          administrator to add you to a group mapped to <code>analyst</code>, <code>approver</code> or <code>admin</code>.
        </p>
        <SignOutButton />
      </div>
    </div>
  );
}
