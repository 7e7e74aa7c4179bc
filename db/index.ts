import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { lockDataDir } from "./data-dir-lock";
import { openDatabase, type Database } from "./client";

export * from "./client";

const KEY = Symbol.for("flightlog.database");
type Holder = { [KEY]?: Promise<Database> };

/**
 * The process-wide database, migrated. One instance per process: the embedded database
 * allows a single opener, and Next bundles may load this module more than once.
 */
export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  const url = env().DATABASE_URL || undefined;
  const dataDir = path.join(env().FLIGHTLOG_DATA_DIR, "pgdata");
  holder[KEY] ??= (async () => {
    if (!url) lockDataDir(dataDir);
    return openDatabase({ url, dataDir });
  })().catch((err) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}

/** Installs an already open database as the process database (the server entry and tests). */
export function useDatabase(database: Database): void {
  (globalThis as Holder)[KEY] = Promise.resolve(database);
}

export async function getDb() {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}
