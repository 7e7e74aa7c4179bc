import "server-only";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/** A path inside FLIGHTLOG_DATA_DIR. */
export function dataPath(name: string): string {
  return path.join(env().FLIGHTLOG_DATA_DIR, name);
}

/** Reads a secret file, or creates it with `create()` (mode 0600) when absent. Safe against a concurrent creator. */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, create(), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return readFileSync(file, "utf8").trim();
}

/** A random secret kept in the data directory, generated on first use. */
export function generatedSecret(name: string): string {
  return readOrCreateSecretFile(dataPath(name), () => randomBytes(32).toString("base64url"));
}
