"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "@/components/console/post-json";
import { FormError } from "@/components/console/form-error";
import { formatTime } from "@/components/console/format";

export interface AgentView {
  id: string;
  name: string;
  kind: string;
  issuer: string | null;
  createdAt: string;
  tokens: { id: string; prefix: string; createdAt: string; createdBy: string | null; expiresAt: string; revokedAt: string | null; lastUsedAt: string | null }[];
}

interface IssuedToken {
  id: string;
  token: string;
  expires_at: string;
  agent: { id: string; name: string };
  curl: string;
}

const TTLS = [
  ["1h", "1 hour"],
  ["24h", "24 hours"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["90d", "90 days"],
] as const;

function tokenState(t: AgentView["tokens"][number], now: number) {
  if (t.revokedAt) return <span className="chain invalid">revoked</span>;
  if (new Date(t.expiresAt).getTime() <= now) return <span className="chain unverified">expired</span>;
  return <span className="chain valid">active</span>;
}

export function AgentAdmin({ agents, now }: { agents: AgentView[]; now: number }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [ttl, setTtl] = useState<Record<string, string>>({});
  const [copied, setCopied] = useState<string | null>(null);

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const copy = async (what: string, text: string) => {
    await navigator.clipboard.writeText(text).catch(() => {});
    setCopied(what);
  };

  return (
    <>
      <form
        className="panel row"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await postJson("/api/console/agents", { name });
            setName("");
          });
        }}
      >
        <label htmlFor="agent-name">New agent</label>
        <input id="agent-name" data-testid="agent-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="claude-laptop" pattern="[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}" required />
        <button type="submit" className="primary" data-testid="create-agent">
          Create agent
        </button>
        <FormError message={error} />
      </form>

      {issued && (
        <div className="callout warn" data-testid="issued-token">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <strong>
              New token for {issued.agent.name}, expires {formatTime(issued.expires_at)} UTC. It is shown once: copy it now.
            </strong>
            <button type="button" onClick={() => setIssued(null)}>
              Done
            </button>
          </div>
          <div className="row" style={{ marginTop: 8 }}>
            <code className="secret-once" data-testid="token-value">
              {issued.token}
            </code>
            <button type="button" onClick={() => copy("token", issued.token)} data-testid="copy-token">
              {copied === "token" ? "Copied" : "Copy token"}
            </button>
          </div>
          <div className="row" style={{ marginTop: 12, justifyContent: "space-between" }}>
            <span className="dim">Record a first session from a shell:</span>
            <button type="button" onClick={() => copy("curl", issued.curl)} data-testid="copy-curl">
              {copied === "curl" ? "Copied" : "Copy curl"}
            </button>
          </div>
          <pre className="snippet" data-testid="curl-snippet">
            {issued.curl}
          </pre>
        </div>
      )}

      {agents.length === 0 && <div className="panel empty">No agents yet. Create one to issue ingest tokens.</div>}
      {agents.map((a) => (
        <section className="panel" key={a.id} data-testid="agent" data-agent-name={a.name}>
          <div className="row" style={{ justifyContent: "space-between", marginBottom: 10 }}>
            <h2 style={{ margin: 0 }}>
              {a.name} <span className="tag">{a.kind === "jwt" ? `JWT · ${a.issuer}` : "token"}</span>
            </h2>
            {a.kind === "token" && (
              <div className="row">
                <select aria-label={`Token lifetime for ${a.name}`} value={ttl[a.id] ?? "24h"} onChange={(e) => setTtl({ ...ttl, [a.id]: e.target.value })}>
                  {TTLS.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  data-testid="create-token"
                  onClick={() =>
                    void act(async () => {
                      setCopied(null);
                      setIssued(await postJson<IssuedToken>(`/api/console/agents/${a.id}/tokens`, { ttl: ttl[a.id] ?? "24h" }));
                    })
                  }
                >
                  New token
                </button>
              </div>
            )}
          </div>
          {a.tokens.length === 0 ? (
            <div className="dim">No tokens.</div>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>Token</th>
                  <th>State</th>
                  <th>Created (UTC)</th>
                  <th>By</th>
                  <th>Expires (UTC)</th>
                  <th>Last used (UTC)</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {a.tokens.map((t) => (
                  <tr key={t.id} data-token-id={t.id}>
                    <td className="mono">{t.prefix}…</td>
                    <td>{tokenState(t, now)}</td>
                    <td className="mono">{formatTime(t.createdAt)}</td>
                    <td className="dim">{t.createdBy ?? "—"}</td>
                    <td className="mono">{formatTime(t.expiresAt)}</td>
                    <td className="mono" data-testid="last-used">
                      {t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}
                    </td>
                    <td>
                      {!t.revokedAt && (
                        <button type="button" className="danger" data-testid="revoke-token" onClick={() => void act(() => postJson(`/api/console/tokens/${t.id}/revoke`))}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
