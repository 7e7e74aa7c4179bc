"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInButton({ callbackUrl, label }: { callbackUrl: string; label: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="primary"
      disabled={busy}
      data-testid="sign-in"
      onClick={() => {
        setBusy(true);
        void signIn("oidc", { callbackUrl });
      }}
      style={{ width: "100%", justifyContent: "center", padding: "9px 12px" }}
    >
      {busy ? "Redirecting…" : label}
    </button>
  );
}
