import { describe, expect, it } from "vitest";
import { MerkleTree, merkleLeafHash, merkleNodeHash, merkleRoot, verifyInclusion, EMPTY_ROOT } from "./merkle";

// The RFC 6962 test vectors used by the Certificate Transparency implementations.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) =>
  merkleLeafHash(Buffer.from(h, "hex")),
);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

// MTH and PATH written straight from RFC 6962 §2.1, as the reference.
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return d[0];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return merkleNodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

describe("Merkle tree (RFC 6962)", () => {
  it("matches the published roots for trees of 1 to 8 leaves", () => {
    ROOTS.forEach((root, i) => expect(merkleRoot(LEAVES.slice(0, i + 1)).toString("hex")).toBe(root));
    expect(merkleRoot([]).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("produces the RFC audit path for every leaf of trees up to 33 leaves, and each verifies", () => {
    const leaves = Array.from({ length: 33 }, (_, i) => merkleLeafHash(Buffer.from([i])));
    for (let n = 1; n <= leaves.length; n++) {
      const d = leaves.slice(0, n);
      const tree = new MerkleTree(d);
      const root = tree.root();
      expect(root.equals(mth(d))).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m);
        expect(proof.map((p) => p.toString("hex"))).toEqual(path(m, d).map((p) => p.toString("hex")));
        expect(verifyInclusion(d[m], m, n, proof, root)).toBe(true);
      }
    }
  });

  it("rejects a proof for the wrong leaf, index, size or root", () => {
    const tree = new MerkleTree(LEAVES);
    const proof = tree.inclusionProof(5);
    const root = tree.root();
    expect(verifyInclusion(LEAVES[5], 5, 8, proof, root)).toBe(true);
    expect(verifyInclusion(LEAVES[4], 5, 8, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[5], 4, 8, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[5], 5, 6, proof, root)).toBe(false);
    expect(verifyInclusion(LEAVES[5], 5, 8, proof, LEAVES[0])).toBe(false);
    expect(verifyInclusion(LEAVES[5], 5, 8, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(LEAVES[5], 8, 8, proof, root)).toBe(false);
  });
});
