import "server-only";
import { env } from "@/lib/env";
import { dataPath, readOrCreateSecretFile } from "@/lib/data-dir";
import { generateSigningKey, parseSigningKey, signingKeyToPem, type SigningKey } from "@/lib/chain";

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
      : parseSigningKey(readOrCreateSecretFile(dataPath("signing-key.pem"), () => signingKeyToPem(generateSigningKey())));
  }
  return holder[KEY];
}
