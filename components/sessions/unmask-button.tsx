"use client";
import { useState } from "react";
import { postJson } from "@/components/console/post-json";
import { FormError } from "@/components/console/form-error";

/** Admins reveal one event as recorded after stating why; the server audits the reason. */
export function UnmaskButton({ sessionId, seq }: { sessionId: string; seq: number }) {
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState("");
  const [raw, setRaw] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (raw !== null) {
    return (
      <div className="callout warn" data-testid="unmasked">
        <strong>Unmasked (audited)</strong>
        <pre>{raw}</pre>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link-button" data-testid="unmask" onClick={() => setOpen(true)}>
        unmask
      </button>
    );
  }
  return (
    <form
      className="row"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const event = await postJson<{ body: Record<string, unknown> }>(`/api/console/sessions/${sessionId}/events/${seq}/unmask`, { justification: why });
          setRaw(typeof event.body.data === "string" ? event.body.data : JSON.stringify(event.body, null, 2));
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <input data-testid="unmask-justification" value={why} onChange={(e) => setWhy(e.target.value)} placeholder="why you need the raw value (audited)" minLength={10} required style={{ minWidth: 320 }} />
      <button type="submit" data-testid="unmask-confirm">
        Unmask
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <FormError message={error} />
    </form>
  );
}
