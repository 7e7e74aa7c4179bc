"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "./post-json";
import { FormError } from "./form-error";

/** Re-runs a chain verification on the server, then refreshes the page's status. */
export function VerifyButton({ url, label = "Re-verify" }: { url: string; label?: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  return (
    <span className="row">
      <button
        type="button"
        data-testid="reverify"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true, error: null });
          try {
            await postJson(url);
            setState({ busy: false, error: null });
            router.refresh();
          } catch (err) {
            setState({ busy: false, error: (err as Error).message });
          }
        }}
      >
        {state.busy ? "Verifying…" : label}
      </button>
      <FormError message={state.error} />
    </span>
  );
}
