// The chain's hash constructions. docs/chain-format.md specifies every byte.
import { hash as oneShotHash, createHash } from "node:crypto";

export const HASH_LENGTH = 32;
export const ENTRY_TAG = Buffer.from("flightlog/entry/v1\0", "utf8");
export const GENESIS_TAG = Buffer.from("flightlog/genesis/v1\0", "utf8");
export const HEAD_LEAF_TAG = Buffer.from("flightlog/head/v1\0", "utf8");

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object: the chain's hot path.
// Its "buffer" output is several times slower than a string output on Node 20, so digests come
// back as "binary" strings (latin1: one char per byte).
const oneShot = typeof oneShotHash === "function";

/** SHA-256 of bytes, or of a string's UTF-8 encoding. */
export function sha256(data: Uint8Array | string): Buffer {
  return oneShot ? Buffer.from(oneShotHash("sha256", data, "binary"), "latin1") : createHash("sha256").update(data).digest();
}

/**
 * SHA-256 as a "binary" string: 32 characters, one per byte (latin1). The ingest hot path keeps
 * hashes in this form; Buffer writes and joins of it are cheaper than of hex.
 */
export function sha256Binary(data: Uint8Array | string): string {
  return oneShot ? oneShotHash("sha256", data, "binary") : createHash("sha256").update(data).digest("binary");
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 raw bytes of a UUID, as hashed into every entry of its chain. */
export function uuidBytes(id: string): Buffer {
  if (!UUID_RE.test(id)) throw new TypeError(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ""), "hex");
}

/** The `prev_hash` of a chain's first entry: SHA-256(GENESIS_TAG ‖ chain id). */
export function genesisHash(chainId: string): Buffer {
  return sha256(Buffer.concat([GENESIS_TAG, uuidBytes(chainId)]));
}

export function bodyHash(body: string): Buffer {
  return sha256(body);
}

/**
 * Computes entry hashes for one chain. Reuses one buffer laid out as
 * ENTRY_TAG ‖ chain id (16) ‖ seq (u64 big-endian) ‖ prev_hash (32) ‖ body_hash (32).
 */
export class EntryHasher {
  private readonly buf: Buffer;
  private readonly seqAt: number;

  constructor(chainId: string) {
    const id = uuidBytes(chainId);
    this.seqAt = ENTRY_TAG.length + id.length;
    this.buf = Buffer.alloc(this.seqAt + 8 + HASH_LENGTH * 2);
    ENTRY_TAG.copy(this.buf, 0);
    id.copy(this.buf, ENTRY_TAG.length);
  }

  hash(seq: number, prevHash: Uint8Array, bodyDigest: Uint8Array): Buffer {
    if (prevHash.length !== HASH_LENGTH || bodyDigest.length !== HASH_LENGTH) {
      throw new RangeError("hashes must be 32 bytes");
    }
    this.setSeq(seq);
    this.buf.set(prevHash, this.seqAt + 8);
    this.buf.set(bodyDigest, this.seqAt + 8 + HASH_LENGTH);
    return sha256(this.buf);
  }

  /** The same entry hash, with the hashes in and out as "binary" strings (see sha256Binary). */
  hashBinary(seq: number, prevHash: string, bodyDigest: string): string {
    if (prevHash.length !== HASH_LENGTH || bodyDigest.length !== HASH_LENGTH) throw new RangeError("hashes must be 32 bytes");
    this.setSeq(seq);
    // One write for both: each call into Buffer costs more than the concatenation.
    this.buf.write(prevHash + bodyDigest, this.seqAt + 8, HASH_LENGTH * 2, "latin1");
    return sha256Binary(this.buf);
  }

  private setSeq(seq: number) {
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`bad seq ${seq}`);
    // u64 big-endian without a BigInt: seq is a safe integer, so the high word fits 21 bits.
    this.buf.writeUInt32BE(Math.floor(seq / 0x1_0000_0000), this.seqAt);
    this.buf.writeUInt32BE(seq >>> 0, this.seqAt + 4);
  }
}

/** The Merkle leaf data for a chain head: HEAD_LEAF_TAG ‖ chain id ‖ seq (u64) ‖ head hash. */
export function headLeafData(chainId: string, seq: number, headHash: Uint8Array): Buffer {
  const seqBuf = Buffer.alloc(8);
  seqBuf.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([HEAD_LEAF_TAG, uuidBytes(chainId), seqBuf, Buffer.from(headHash)]);
}

export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
