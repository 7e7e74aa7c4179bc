// Integration-test databases: every suite runs on the embedded database, and also on Postgres
// when TEST_DATABASE_URL is set. Each suite gets a fresh, migrated database of its own.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import postgres from "postgres";
import { env } from "@/lib/env";
import { openDatabase, type Database, type Db } from "@/db/client";

export interface TestDatabase extends Database {
  backend: "pglite" | "postgres";
  /** Run statements as the database owner with the append-only triggers switched off. */
  tamper(statements: string[]): Promise<void>;
}

const CHAINED = ["events", "audit_log", "merkle_leaves", "checkpoints"];

export async function openTestDatabase(backend: "pglite" | "postgres"): Promise<TestDatabase> {
  if (backend === "pglite") {
    const database = await openDatabase({});
    return { ...database, backend, tamper: (s) => tamperWith(database.db, s) };
  }
  const base = env().TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `flightlog_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    backend,
    tamper: (s) => tamperWith(database.db, s),
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function tamperWith(db: Db, statements: string[]) {
  const { sql } = await import("drizzle-orm");
  await db.transaction(async (tx) => {
    for (const t of CHAINED) await tx.execute(sql.raw(`alter table ${t} disable trigger user`));
    for (const s of statements) await tx.execute(sql.raw(s));
    for (const t of CHAINED) {
      await tx.execute(sql.raw(`alter table ${t} enable always trigger ${t}_append_only`));
      await tx.execute(sql.raw(`alter table ${t} enable always trigger ${t}_no_truncate`));
    }
  });
}

export function testBackends(): ("pglite" | "postgres")[] {
  return env().TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** Declares `body` once per backend, with a fresh migrated database for each. */
export function describeEachBackend(title: string, body: (ctx: { readonly db: Db; readonly database: TestDatabase }) => void) {
  for (const backend of testBackends()) {
    describe(`${title} [${backend}]`, () => {
      let database: TestDatabase;
      beforeAll(async () => {
        database = await openTestDatabase(backend);
      });
      afterAll(async () => {
        await database?.close();
      });
      body({
        get db() {
          return database.db;
        },
        get database() {
          return database;
        },
      });
    });
  }
}
