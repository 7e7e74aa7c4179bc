// Signed checkpoints: a C2SP-style note body (origin, tree size, root) signed with Ed25519.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { sha256 } from "./hash";

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** Milliseconds since the Unix epoch when the checkpoint was signed. */
  timestamp: number;
}

/** The exact bytes that are signed: four LF-terminated lines. */
export function checkpointNote(cp: CheckpointBody): string {
  if (/[\n\r]/.test(cp.origin) || cp.origin.length === 0) throw new RangeError("origin must be one non-empty line");
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0) throw new RangeError("bad tree size");
  if (!Number.isSafeInteger(cp.timestamp) || cp.timestamp < 0) throw new RangeError("bad timestamp");
  return `${cp.origin}\n${cp.treeSize}\n${Buffer.from(cp.rootHash).toString("base64")}\ntimestamp ${cp.timestamp}\n`;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte Ed25519 public key. */
  publicKeyRaw: Buffer;
  keyId: string;
}

/** The key id: the first 8 bytes of SHA-256 over the raw public key, in hex. */
export function keyIdOf(publicKeyRaw: Uint8Array): string {
  return sha256(publicKeyRaw).subarray(0, 8).toString("hex");
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new TypeError("not an Ed25519 public key");
  return Buffer.from(jwk.x, "base64url");
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new TypeError("the signing key must be Ed25519");
  const publicKey = createPublicKey(privateKey);
  const publicKeyRaw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyRaw, keyId: keyIdOf(publicKeyRaw) };
}

export function generateSigningKey(): SigningKey {
  return fromPrivate(generateKeyPairSync("ed25519").privateKey);
}

/** Accepts a PKCS#8 PEM private key, or a 32-byte Ed25519 seed in base64, base64url or hex. */
export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return fromPrivate(createPrivateKey(trimmed));
  const seed = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64url");
  if (seed.length !== 32) throw new RangeError("an Ed25519 seed must be 32 bytes");
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
    format: "der",
    type: "pkcs8",
  });
  return fromPrivate(privateKey);
}

export function signingKeyToPem(key: SigningKey): string {
  return key.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

export function publicKeyToPem(publicKeyRaw: Uint8Array): string {
  return publicKeyFromRaw(publicKeyRaw).export({ format: "pem", type: "spki" }).toString();
}

export function publicKeyFromRaw(publicKeyRaw: Uint8Array): KeyObject {
  if (publicKeyRaw.length !== 32) throw new RangeError("an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKeyRaw).toString("base64url") }, format: "jwk" });
}

export function signCheckpoint(cp: CheckpointBody, key: SigningKey): Buffer {
  return sign(null, Buffer.from(checkpointNote(cp), "utf8"), key.privateKey);
}

export function verifyCheckpointSignature(cp: CheckpointBody, signature: Uint8Array, publicKeyRaw: Uint8Array): boolean {
  try {
    return verify(null, Buffer.from(checkpointNote(cp), "utf8"), publicKeyFromRaw(publicKeyRaw), signature);
  } catch {
    return false;
  }
}
