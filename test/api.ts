// Calls the real route handlers with real Requests against a test database.
import { sql } from "drizzle-orm";
import { useDatabase } from "@/db";
import { queryRows, type Db } from "@/db/client";
import { createAgent, createToken } from "@/lib/auth/agent-tokens";
import type { TestDatabase } from "./db";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  token?: string | null;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: string | object;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function call(handler: Handler, method: string, options: CallOptions = {}) {
  const url = new URL("http://flightlog.test/api");
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers.set("content-type", options.contentType ?? "application/json");
  }
  const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** Installs the test database for the route handlers and issues a token for a new agent. */
export async function setUpAgent(database: TestDatabase, name: string) {
  useDatabase(database);
  await createAgent(database.db, { name, actor: "test" });
  const { token, id } = await createToken(database.db, { agent: name, ttlSeconds: 3600, actor: "test" });
  return { token, tokenId: id };
}

const TABLES = ["agents", "agent_tokens", "sessions", "chain_heads", "events", "merkle_leaves", "checkpoints", "secret_fingerprints", "audit_log"];

/** Everything a request could have written: row counts and every head. */
export async function snapshot(db: Db) {
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const [r] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${t}`));
    counts[t] = r.n;
  }
  const heads = await queryRows(db, sql`select chain_id, seq, encode(head_hash, 'hex') as h, last_time, closed_at from chain_heads order by chain_id`);
  const sessions = await queryRows(db, sql`select id, cast_version, cols, rows, ended_at from sessions order by id`);
  return { counts, heads, sessions };
}

export function cast(lines: unknown[]): string {
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}
