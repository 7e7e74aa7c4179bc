// RFC 6962 / RFC 9162 Merkle tree hashing, inclusion proofs and their verification.
import { sha256, sameBytes } from "./hash";

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function merkleLeafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

export const EMPTY_ROOT = sha256(Buffer.alloc(0));

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree over a fixed list of leaf hashes. It keeps every level in memory so that the root
 * and any inclusion proof cost O(log n) after an O(n) build.
 */
export class MerkleTree {
  /** levels[0] are the leaf hashes; levels[h][i] is the root of the perfect subtree of 2^h leaves at i·2^h. */
  private readonly levels: Buffer[][];
  readonly size: number;

  constructor(leafHashes: Buffer[]) {
    this.size = leafHashes.length;
    this.levels = [leafHashes];
    let level = leafHashes;
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(merkleNodeHash(level[i], level[i + 1]));
      this.levels.push(next);
      level = next;
    }
  }

  /** MTH(D[start : start + n]) for a range that the stored perfect subtrees can assemble. */
  private rangeHash(start: number, n: number): Buffer {
    if (n === 0) return EMPTY_ROOT;
    // A perfect, aligned subtree is stored.
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const h = Math.log2(n);
      return this.levels[h][start / n];
    }
    const k = largestPowerOfTwoBelow(n);
    return merkleNodeHash(this.rangeHash(start, k), this.rangeHash(start + k, n - k));
  }

  root(): Buffer {
    return this.rangeHash(0, this.size);
  }

  /** The RFC 6962 audit path for leaf `index`, from the leaf's sibling up to the root. */
  inclusionProof(index: number): Buffer[] {
    if (index < 0 || index >= this.size) throw new RangeError(`leaf ${index} is outside a tree of ${this.size}`);
    const path: Buffer[] = [];
    const walk = (m: number, start: number, n: number) => {
      if (n <= 1) return;
      const k = largestPowerOfTwoBelow(n);
      if (m < k) {
        walk(m, start, k);
        path.push(this.rangeHash(start + k, n - k));
      } else {
        walk(m - k, start + k, n - k);
        path.push(this.rangeHash(start, k));
      }
    };
    walk(index, 0, this.size);
    return path;
  }
}

export function merkleRoot(leafHashes: Buffer[]): Buffer {
  return new MerkleTree(leafHashes).root();
}

/** RFC 9162 §2.1.3.2: does `proof` place `leafHash` at `index` in the tree of `treeSize` with `root`? */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(r, root);
}
