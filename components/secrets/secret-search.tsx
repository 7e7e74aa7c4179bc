"use client";
import Link from "next/link";
import { useState } from "react";
import { postJson } from "@/components/console/post-json";
import { FormError } from "@/components/console/form-error";
import { formatTime } from "@/components/console/format";
import type { SecretOccurrenceView } from "@/lib/secrets/find-secret";

interface Result {
  fingerprint: string;
  occurrences: SecretOccurrenceView[];
  truncated: boolean;
}

/** Paste a leaked secret (or its fingerprint) and see everywhere it appeared. */
export function SecretSearch() {
  const [query, setQuery] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  return (
    <>
      <form
        className="panel row"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            setResult(await postJson<Result>("/api/console/secrets/search", { query }));
            setQuery("");
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label htmlFor="secret-query">Secret or fingerprint</label>
        <input
          id="secret-query"
          data-testid="secret-query"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="paste the leaked key"
          style={{ flex: 1, minWidth: 320 }}
          required
        />
        <button type="submit" className="primary" disabled={busy} data-testid="secret-search">
          {busy ? "Searching…" : "Find occurrences"}
        </button>
        <FormError message={error} />
      </form>
      {result && (
        <section data-testid="secret-results">
          <p className="dim">
            Fingerprint <code>{result.fingerprint.slice(0, 16)}…</code>: {result.occurrences.length} occurrence{result.occurrences.length === 1 ? "" : "s"}
            {result.truncated ? " (first 1000 shown)" : ""}, oldest first.
          </p>
          {result.occurrences.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th>When (UTC)</th>
                  <th>Session</th>
                  <th>Agent</th>
                  <th>Host</th>
                  <th>Seq</th>
                  <th>Offset</th>
                  <th>Rule</th>
                </tr>
              </thead>
              <tbody>
                {result.occurrences.map((o) => (
                  <tr key={`${o.sessionId}-${o.seq}-${o.offset}-${o.ruleId}`} data-testid="occurrence">
                    <td className="mono">{formatTime(o.at)}</td>
                    <td>
                      <Link href={`/sessions/${o.sessionId}?t=${o.time}#seq-${o.seq}`}>{o.sessionTitle ?? o.sessionId.slice(0, 8)}</Link>
                    </td>
                    <td>{o.agent}</td>
                    <td className="mono">{o.host ?? "—"}</td>
                    <td className="num mono">{o.seq}</td>
                    <td className="num mono">{o.offset}</td>
                    <td className="mono">{o.ruleId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
