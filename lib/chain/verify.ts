// The chain verifier. It walks every link, then checks the chain against the stored head and
// against signed checkpoint anchors, and names the first sequence number it cannot vouch for.
import { bodyHash as hashBody, EntryHasher, genesisHash, headLeafData, sameBytes } from "./hash";
import { isCanonical } from "./canonical-check";
import { merkleLeafHash, verifyInclusion } from "./merkle";
import { verifyCheckpointSignature, type CheckpointBody } from "./checkpoint";

export const FAILURE_REASONS = [
  "GENESIS_MISMATCH",
  "SEQ_GAP",
  "PREV_HASH_MISMATCH",
  "ENTRY_HASH_MISMATCH",
  "BODY_HASH_MISMATCH",
  "NONCANONICAL_BODY",
  "TAIL_TRUNCATED",
  "HEAD_MISMATCH",
  "CHECKPOINT_SIGNATURE_INVALID",
  "INCLUSION_PROOF_FAILED",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];
export type UnverifiableReason = "KEY_UNAVAILABLE" | "UNKNOWN_KEY" | "MALFORMED";

export interface ChainEntry {
  seq: number;
  body: string;
  bodyHash: Uint8Array;
  prevHash: Uint8Array;
  entryHash: Uint8Array;
}

/** A chain head committed to a signed checkpoint as Merkle leaf `leafIndex`. */
export interface Anchor {
  leafIndex: number;
  seq: number;
  headHash: Uint8Array;
  proof: Uint8Array[];
}

export interface SignedCheckpoint extends CheckpointBody {
  keyId: string;
  signature: Uint8Array;
}

export interface VerifyResult {
  status: "VALID" | "INVALID" | "UNVERIFIABLE";
  verified_through_seq: number;
  first_bad_seq: number | null;
  reason: FailureReason | UnverifiableReason | null;
  detail: string | null;
  /** The highest seq vouched for by a signed checkpoint. */
  checkpointed_through_seq: number;
  checkpoint: { tree_size: number; timestamp: number; key_id: string } | null;
}

interface Failure {
  seq: number;
  reason: FailureReason;
  detail: string;
}

/**
 * Walks one chain's entries in order. Feed entries with `push` (any number of batches), then
 * call `finish`. It stops recording after the first broken link.
 */
export class ChainVerifier {
  private readonly hasher: EntryHasher;
  private expectedSeq = 1;
  private prev: Uint8Array;
  private failure: Failure | null = null;
  private readonly wanted: Set<number>;
  private readonly seen = new Map<number, Uint8Array>();

  constructor(
    private readonly chainId: string,
    options: { anchorSeqs?: Iterable<number>; checkCanonical?: boolean } = {},
  ) {
    this.hasher = new EntryHasher(chainId);
    this.prev = genesisHash(chainId);
    this.wanted = new Set(options.anchorSeqs ?? []);
    this.checkCanonical = options.checkCanonical ?? true;
  }

  private readonly checkCanonical: boolean;

  get broken(): boolean {
    return this.failure !== null;
  }

  /** The last seq whose links all verified. */
  get lastGoodSeq(): number {
    return this.expectedSeq - 1;
  }

  get lastGoodHash(): Uint8Array {
    return this.prev;
  }

  /**
   * Accepts an entry whose body was masked for export: its stored body_hash still binds the
   * original body into the chain, so every link is checked except the body itself.
   */
  pushRedacted(entry: ChainEntry): boolean {
    return this.check(entry, false);
  }

  push(entry: ChainEntry): boolean {
    return this.check(entry, true);
  }

  private check(entry: ChainEntry, withBody: boolean): boolean {
    if (this.failure) return false;
    const seq = entry.seq;
    const fail = (reason: FailureReason, detail: string) => {
      this.failure = { seq: Math.min(seq, this.expectedSeq), reason, detail };
      return false;
    };
    if (seq !== this.expectedSeq) {
      return fail("SEQ_GAP", `expected seq ${this.expectedSeq}, found ${seq}`);
    }
    if (withBody && this.checkCanonical && !isCanonical(entry.body)) {
      return fail("NONCANONICAL_BODY", `the body at seq ${seq} is not canonical JSON`);
    }
    const digest = withBody ? hashBody(entry.body) : entry.bodyHash;
    if (!sameBytes(digest, entry.bodyHash)) {
      return fail("BODY_HASH_MISMATCH", `the body at seq ${seq} does not hash to its stored body_hash`);
    }
    if (!sameBytes(entry.prevHash, this.prev)) {
      return seq === 1
        ? fail("GENESIS_MISMATCH", "the first entry's prev_hash is not the chain's genesis hash")
        : fail("PREV_HASH_MISMATCH", `prev_hash at seq ${seq} is not the entry hash of seq ${seq - 1}`);
    }
    const computed = this.hasher.hash(seq, entry.prevHash, digest);
    if (!sameBytes(computed, entry.entryHash)) {
      return fail("ENTRY_HASH_MISMATCH", `the entry hash at seq ${seq} does not recompute`);
    }
    if (this.wanted.has(seq)) this.seen.set(seq, computed);
    this.prev = computed;
    this.expectedSeq = seq + 1;
    return true;
  }

  /**
   * Completes verification. `head` is the stored head (seq and hash) if the store keeps one;
   * `checkpoint` and `anchors` bind the chain to a signed Merkle root. Without a public key the
   * anchors cannot be checked and the result is UNVERIFIABLE.
   */
  finish(input: {
    head?: { seq: number; hash: Uint8Array } | null;
    checkpoint?: SignedCheckpoint | null;
    anchors?: Anchor[];
    publicKey?: { raw: Uint8Array; keyId: string } | null;
  }): VerifyResult {
    const failures: Failure[] = this.failure ? [this.failure] : [];
    const walked = this.lastGoodSeq;
    const complete = !this.failure;

    const head = input.head;
    if (head && complete) {
      if (head.seq > walked) {
        failures.push({ seq: walked + 1, reason: "TAIL_TRUNCATED", detail: `the head is at seq ${head.seq} but entries end at ${walked}` });
      } else if (head.seq < walked || !sameBytes(head.hash, this.prev)) {
        failures.push({ seq: Math.min(head.seq + 1, walked), reason: "HEAD_MISMATCH", detail: `the stored head (seq ${head.seq}) does not match the last entry` });
      }
    }

    let checkpointedThrough = 0;
    const cp = input.checkpoint ?? null;
    const anchors = [...(input.anchors ?? [])].sort((a, b) => a.seq - b.seq);
    if (cp && anchors.length > 0) {
      const key = input.publicKey;
      if (!key) return this.result(failures, 0, cp, "KEY_UNAVAILABLE", "no public key to check the checkpoint signature");
      if (key.keyId !== cp.keyId) {
        return this.result(failures, 0, cp, "UNKNOWN_KEY", `the checkpoint is signed by key ${cp.keyId}, not ${key.keyId}`);
      }
      if (!verifyCheckpointSignature(cp, cp.signature, key.raw)) {
        failures.push({ seq: 1, reason: "CHECKPOINT_SIGNATURE_INVALID", detail: `checkpoint ${cp.treeSize} does not verify under key ${cp.keyId}` });
      } else {
        let good = 0;
        for (const a of anchors) {
          const leaf = merkleLeafHash(headLeafData(this.chainId, a.seq, a.headHash));
          if (!verifyInclusion(leaf, a.leafIndex, cp.treeSize, a.proof, cp.rootHash)) {
            failures.push({ seq: good + 1, reason: "INCLUSION_PROOF_FAILED", detail: `the head at seq ${a.seq} (leaf ${a.leafIndex}) is not in checkpoint ${cp.treeSize}` });
            break;
          }
          if (a.seq > walked) {
            // Entries that a checkpoint vouched for are gone (only detectable when the walk got this far).
            if (complete) failures.push({ seq: walked + 1, reason: "TAIL_TRUNCATED", detail: `checkpoint ${cp.treeSize} vouches for seq ${a.seq} but entries end at ${walked}` });
            break;
          }
          const actual = a.seq === 0 ? genesisHash(this.chainId) : this.seen.get(a.seq);
          if (!actual || !sameBytes(actual, a.headHash)) {
            failures.push({ seq: good + 1, reason: "HEAD_MISMATCH", detail: `the entry at seq ${a.seq} differs from the head in checkpoint ${cp.treeSize}` });
            break;
          }
          good = a.seq;
        }
        checkpointedThrough = good;
      }
    }
    return this.result(failures, checkpointedThrough, cp, null, null);
  }

  private result(
    failures: Failure[],
    checkpointedThrough: number,
    cp: SignedCheckpoint | null,
    unverifiable: UnverifiableReason | null,
    detail: string | null,
  ): VerifyResult {
    const checkpoint = cp ? { tree_size: cp.treeSize, timestamp: cp.timestamp, key_id: cp.keyId } : null;
    const first = failures.reduce<Failure | null>((min, f) => (min === null || f.seq < min.seq ? f : min), null);
    if (first) {
      return {
        status: "INVALID",
        verified_through_seq: first.seq - 1,
        first_bad_seq: first.seq,
        reason: first.reason,
        detail: first.detail,
        checkpointed_through_seq: Math.min(checkpointedThrough, first.seq - 1),
        checkpoint,
      };
    }
    if (unverifiable) {
      return { status: "UNVERIFIABLE", verified_through_seq: this.lastGoodSeq, first_bad_seq: null, reason: unverifiable, detail, checkpointed_through_seq: 0, checkpoint };
    }
    return { status: "VALID", verified_through_seq: this.lastGoodSeq, first_bad_seq: null, reason: null, detail: null, checkpointed_through_seq: checkpointedThrough, checkpoint };
  }
}

/** Computes the hashes for new entries appended after `prevHash` at `startSeq`. */
export function chainEntries(chainId: string, startSeq: number, prevHash: Uint8Array, bodies: string[]): ChainEntry[] {
  const hasher = new EntryHasher(chainId);
  let prev = prevHash;
  return bodies.map((body, i) => {
    const digest = hashBody(body);
    const entryHash = hasher.hash(startSeq + i, prev, digest);
    const entry = { seq: startSeq + i, body, bodyHash: digest, prevHash: prev, entryHash };
    prev = entryHash;
    return entry;
  });
}
