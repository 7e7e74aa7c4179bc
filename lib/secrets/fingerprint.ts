import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";
import { generatedSecret } from "@/lib/data-dir";

const KEY = Symbol.for("flightlog.fingerprintKey");

/** The fingerprint key's bytes; other server-side keys are derived from it. */
export function fingerprintKeyMaterial(): Buffer {
  return fingerprintKey();
}

function fingerprintKey(): Buffer {
  const holder = globalThis as { [KEY]?: Buffer };
  holder[KEY] ??= Buffer.from(env().FLIGHTLOG_FINGERPRINT_KEY ?? generatedSecret("fingerprint-key"), "utf8");
  return holder[KEY];
}

/**
 * HMAC-SHA-256 of a secret under the server's fingerprint key. The index stores this, never
 * the secret; without the key a fingerprint cannot be tested against guesses.
 */
export function fingerprintSecret(secret: string): Buffer {
  return createHmac("sha256", fingerprintKey()).update(secret, "utf8").digest();
}

export function fingerprintHex(secret: string): string {
  return fingerprintSecret(secret).toString("hex");
}
