import "server-only";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { generateSigningKey, parseSigningKey, signingKeyToPem, type SigningKey } from "@/lib/chain";

/** Reads a key file, or creates it with `create()` (mode 0600) when absent. Safe against a concurrent creator. */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, create(), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return readFileSync(file, "utf8");
}

const KEY = Symbol.for("flightlog.signingKey");

/**
 * The checkpoint signing key: FLIGHTLOG_SIGNING_KEY when set, otherwise
 * <data dir>/signing-key.pem, generated on first use.
 */
export function getSigningKey(): SigningKey {
  const holder = globalThis as { [KEY]?: SigningKey };
  if (!holder[KEY]) {
    const configured = env().FLIGHTLOG_SIGNING_KEY;
    holder[KEY] = configured
      ? parseSigningKey(configured)
      : parseSigningKey(readOrCreateSecretFile(path.join(env().FLIGHTLOG_DATA_DIR, "signing-key.pem"), () => signingKeyToPem(generateSigningKey())));
  }
  return holder[KEY];
}
