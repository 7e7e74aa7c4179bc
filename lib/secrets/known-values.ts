import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { sessionKnownValues } from "@/db/schema";
import { MIN_KNOWN_LENGTH } from "@/lib/redact";
import { AppError } from "@/lib/http/app-error";
import { fingerprintKeyMaterial, fingerprintSecret } from "./fingerprint";

/** At most this many known values per session, each at most this long. */
export const KNOWN_VALUE_LIMITS = { perSession: 100, maxLength: 4096 } as const;

let cachedKey: Buffer | null = null;

/** The encryption key for known values, derived from the fingerprint key (HKDF-SHA-256). */
function encryptionKey(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", fingerprintKeyMaterial(), Buffer.alloc(0), "flightlog/known-values/v1", 32));
  return cachedKey;
}

function encrypt(value: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(sealed: Uint8Array): string {
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
}

export function validateKnownValues(values: string[]): string[] {
  for (const v of values) {
    if (v.length < MIN_KNOWN_LENGTH) throw new AppError("unprocessable", `a known value must be at least ${MIN_KNOWN_LENGTH} characters`);
    if (v.length > KNOWN_VALUE_LIMITS.maxLength) throw new AppError("unprocessable", `a known value is at most ${KNOWN_VALUE_LIMITS.maxLength} characters`);
  }
  return [...new Set(values)];
}

/**
 * Registers values to mask exactly in a session's output. Stored encrypted, with an HMAC
 * fingerprint that makes registration idempotent. Returns how many were new.
 */
export async function registerKnownValues(tx: Queryable, sessionId: string, values: string[]): Promise<number> {
  const unique = validateKnownValues(values);
  if (unique.length === 0) return 0;
  const existing = await tx.select({ fingerprint: sessionKnownValues.fingerprint }).from(sessionKnownValues).where(eq(sessionKnownValues.sessionId, sessionId));
  const have = new Set(existing.map((r) => Buffer.from(r.fingerprint).toString("hex")));
  const fresh = unique.filter((v) => !have.has(fingerprintSecret(v).toString("hex")));
  if (existing.length + fresh.length > KNOWN_VALUE_LIMITS.perSession) {
    throw new AppError("payload_too_large", `a session holds at most ${KNOWN_VALUE_LIMITS.perSession} known values`);
  }
  if (fresh.length > 0) {
    await tx.insert(sessionKnownValues).values(fresh.map((v) => ({ id: randomUUID(), sessionId, ciphertext: encrypt(v), fingerprint: fingerprintSecret(v) })));
  }
  return fresh.length;
}

/** A session's known values, decrypted for the masker. They never leave the server. */
export async function loadKnownValues(db: Queryable, sessionId: string): Promise<string[]> {
  const rows = await db
    .select({ ciphertext: sessionKnownValues.ciphertext })
    .from(sessionKnownValues)
    .where(eq(sessionKnownValues.sessionId, sessionId))
    .orderBy(asc(sessionKnownValues.createdAt));
  return rows.map((r) => decrypt(r.ciphertext));
}

/**
 * The known values of several sessions in one query (a list page must not cost a query per
 * row). Every id asked for is in the map, with no values when it registered none.
 */
export async function loadKnownValuesFor(db: Queryable, sessionIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(sessionIds)];
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ sessionId: sessionKnownValues.sessionId, ciphertext: sessionKnownValues.ciphertext })
    .from(sessionKnownValues)
    .where(inArray(sessionKnownValues.sessionId, ids))
    .orderBy(asc(sessionKnownValues.createdAt));
  for (const r of rows) out.get(r.sessionId)?.push(decrypt(r.ciphertext));
  return out;
}
