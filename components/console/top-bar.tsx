import type { Viewer } from "@/lib/auth/viewer";
import { Wordmark } from "./wordmark";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function TopBar({ viewer }: { viewer: Viewer }) {
  const links = [];
  if (viewer.roles.includes("analyst")) links.push({ href: "/sessions", label: "Sessions" }, { href: "/secrets", label: "Secrets" });
  if (viewer.roles.includes("admin")) links.push({ href: "/agents", label: "Agents" }, { href: "/audit", label: "Audit log" });
  return (
    <header className="topbar">
      <Wordmark />
      <NavLinks links={links} />
      <div className="who">
        <span data-testid="viewer-email">{viewer.email}</span>
        {viewer.roles.map((r) => (
          <span key={r} className="role">
            {r}
          </span>
        ))}
        <SignOutButton />
      </div>
    </header>
  );
}
