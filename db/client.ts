import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A database handle or an open transaction: queries take either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Postgres URL. Without it the embedded database is used. */
  url?: string;
  /** Data directory for the embedded database; omit for an in-memory one. */
  dataDir?: string;
  /** Apply committed migrations (default true). */
  migrate?: boolean;
}

export function migrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations");
}

const MIGRATION_LOCK = 0x466c6967; // "Flig": serializes migrations across replicas

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url) : await openPglite(options.dataDir);
  if (options.migrate !== false) await database.migrateNow();
  return { db: database.db, kind: database.kind, close: database.close };
}

async function openPostgres(url: string) {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 10, onnotice: () => {}, connection: { application_name: "flightlog" } });
  const db = drizzle({ client: preparedStatements(client), schema }) as unknown as Db;
  return {
    db,
    kind: "postgres" as const,
    close: () => client.end({ timeout: 5 }),
    async migrateNow() {
      // One dedicated connection holds the advisory lock for the whole migration.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migrate(drizzle({ client: single }), { migrationsFolder: migrationsFolder() });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
  };
}

type PostgresSql = import("postgres").Sql;

/**
 * drizzle sends every query as an unnamed statement, so Postgres parses and plans it on every
 * call, and postgres.js first asks for its parameter types: a second round trip per query. This
 * wrapper names them instead; each connection prepares a statement once and reuses its plan.
 * The texts are drizzle's, a small fixed set, so the per-connection cache stays small.
 */
function preparedStatements<T extends PostgresSql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, args?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, args as never, { ...options, prepare: true });
      }
      // Transactions and savepoints hand their callback a new handle: wrap that one too.
      if (prop === "begin" || prop === "savepoint") {
        const open = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => {
          const callback = a.pop() as (sql: PostgresSql) => unknown;
          return open.call(target, ...a, (sql: PostgresSql) => callback(preparedStatements(sql)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

async function openPglite(dataDir?: string) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(path.resolve(dataDir)) : await PGlite.create();
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite" as const,
    close: () => client.close(),
    migrateNow: () => migrate(db as never, { migrationsFolder: migrationsFolder() }),
  };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export { sql };

/** The driver's error under drizzle's wrapper: its SQLSTATE code and message. */
export function databaseError(err: unknown): { code?: string; message: string } {
  let e: unknown = err;
  while (e && typeof e === "object" && "cause" in e && (e as { cause?: unknown }).cause) e = (e as { cause: unknown }).cause;
  const rec = (e ?? {}) as { code?: unknown; message?: unknown };
  return { code: typeof rec.code === "string" ? rec.code : undefined, message: String(rec.message ?? e) };
}
