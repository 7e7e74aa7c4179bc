import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { canonicalize } from "./canonical-json";
import { genesisHash, headLeafData, sha256 } from "./hash";
import { MerkleTree, merkleLeafHash } from "./merkle";
import { generateSigningKey, parseSigningKey, signCheckpoint, signingKeyToPem, verifyCheckpointSignature } from "./checkpoint";
import { ChainVerifier, chainEntries, type Anchor, type ChainEntry, type SignedCheckpoint } from "./verify";

const key = generateSigningKey();
const publicKey = { raw: key.publicKeyRaw, keyId: key.keyId };

function makeChain(n: number) {
  const chainId = randomUUID();
  const bodies = Array.from({ length: n }, (_, i) => canonicalize({ type: "output", time: i / 10, data: `line ${i + 1}\r\n` }));
  return { chainId, entries: chainEntries(chainId, 1, genesisHash(chainId), bodies) };
}

/** Anchors the chain's heads at `seqs` in a log that also holds other chains' leaves. */
function anchor(chainId: string, entries: ChainEntry[], seqs: number[]) {
  const leaves: Buffer[] = [merkleLeafHash(Buffer.from("someone else"))];
  const where: { seq: number; index: number }[] = [];
  for (const seq of seqs) {
    where.push({ seq, index: leaves.length });
    leaves.push(merkleLeafHash(headLeafData(chainId, seq, entries[seq - 1].entryHash)));
    leaves.push(merkleLeafHash(Buffer.from(`other ${seq}`)));
  }
  const tree = new MerkleTree(leaves);
  const body = { origin: "flightlog.test", treeSize: tree.size, rootHash: tree.root(), timestamp: 1_790_000_000_000 };
  const checkpoint: SignedCheckpoint = { ...body, keyId: key.keyId, signature: signCheckpoint(body, key) };
  const anchors: Anchor[] = where.map(({ seq, index }) => ({
    leafIndex: index,
    seq,
    headHash: entries[seq - 1].entryHash,
    proof: tree.inclusionProof(index),
  }));
  return { checkpoint, anchors };
}

function verify(chainId: string, entries: ChainEntry[], extra: Parameters<ChainVerifier["finish"]>[0] = {}) {
  const v = new ChainVerifier(chainId, { anchorSeqs: (extra.anchors ?? []).map((a) => a.seq) });
  for (const e of entries) if (!v.push(e)) break;
  return v.finish({ publicKey, ...extra });
}

describe("ChainVerifier", () => {
  it("accepts an intact chain and reports how far a checkpoint vouches for it", () => {
    const { chainId, entries } = makeChain(10);
    const { checkpoint, anchors } = anchor(chainId, entries, [4, 8]);
    const r = verify(chainId, entries, { head: { seq: 10, hash: entries[9].entryHash }, checkpoint, anchors });
    expect(r).toMatchObject({ status: "VALID", verified_through_seq: 10, first_bad_seq: null, reason: null, checkpointed_through_seq: 8 });
  });

  it("names an edited body", () => {
    const { chainId, entries } = makeChain(10);
    entries[4] = { ...entries[4], body: entries[4].body.replace("line 5", "line X") };
    expect(verify(chainId, entries)).toMatchObject({ status: "INVALID", first_bad_seq: 5, verified_through_seq: 4, reason: "BODY_HASH_MISMATCH" });
  });

  it("names a body whose hashes were recomputed but whose entry hash was not", () => {
    const { chainId, entries } = makeChain(6);
    const body = entries[2].body.replace("line 3", "line Y");
    entries[2] = { ...entries[2], body, bodyHash: sha256(body) };
    expect(verify(chainId, entries)).toMatchObject({ first_bad_seq: 3, reason: "ENTRY_HASH_MISMATCH" });
  });

  it("names a non-canonical body", () => {
    const { chainId, entries } = makeChain(3);
    const body = entries[1].body.replace('{"data"', '{ "data"');
    entries[1] = { ...entries[1], body, bodyHash: sha256(body) };
    expect(verify(chainId, entries)).toMatchObject({ first_bad_seq: 2, reason: "NONCANONICAL_BODY" });
  });

  it("names a deleted middle entry", () => {
    const { chainId, entries } = makeChain(10);
    entries.splice(6, 1);
    expect(verify(chainId, entries)).toMatchObject({ first_bad_seq: 7, verified_through_seq: 6, reason: "SEQ_GAP" });
  });

  it("names two swapped entries", () => {
    const { chainId, entries } = makeChain(10);
    const [a, b] = [entries[3], entries[4]];
    entries[3] = { ...b, seq: 4 };
    entries[4] = { ...a, seq: 5 };
    expect(verify(chainId, entries)).toMatchObject({ first_bad_seq: 4, reason: "PREV_HASH_MISMATCH" });
  });

  it("names a wrong genesis", () => {
    const { chainId, entries } = makeChain(3);
    const other = makeChain(3);
    expect(verify(chainId, other.entries)).toMatchObject({ first_bad_seq: 1, reason: "GENESIS_MISMATCH" });
    expect(verify(chainId, entries)).toMatchObject({ status: "VALID" });
  });

  it("catches a cut tail against the stored head, and against a checkpoint when the head was moved too", () => {
    const { chainId, entries } = makeChain(10);
    const { checkpoint, anchors } = anchor(chainId, entries, [9]);
    const cut = entries.slice(0, 7);
    expect(verify(chainId, cut, { head: { seq: 10, hash: entries[9].entryHash } })).toMatchObject({ first_bad_seq: 8, reason: "TAIL_TRUNCATED" });
    expect(verify(chainId, cut, { head: { seq: 7, hash: entries[6].entryHash }, checkpoint, anchors })).toMatchObject({
      status: "INVALID",
      first_bad_seq: 8,
      verified_through_seq: 7,
      reason: "TAIL_TRUNCATED",
    });
  });

  it("catches a consistently rewritten chain through the checkpoint", () => {
    const { chainId, entries } = makeChain(10);
    const { checkpoint, anchors } = anchor(chainId, entries, [3, 9]);
    // Rewrite from seq 5 on with valid links: only the anchor at seq 9 can tell.
    const forged = [...entries.slice(0, 4), ...makeChain(0).entries];
    const bodies = entries.slice(4).map((e) => e.body.replace("line", "forged"));
    forged.push(...chainEntries(chainId, 5, entries[3].entryHash, bodies));
    const r = verify(chainId, forged, { head: { seq: 10, hash: forged[9].entryHash }, checkpoint, anchors });
    expect(r).toMatchObject({ status: "INVALID", reason: "HEAD_MISMATCH", first_bad_seq: 4, checkpointed_through_seq: 3 });
  });

  it("catches a re-rooted checkpoint by its signature, and a moved leaf by its inclusion proof", () => {
    const { chainId, entries } = makeChain(5);
    const { checkpoint, anchors } = anchor(chainId, entries, [5]);
    const reRooted = { ...checkpoint, rootHash: sha256("forged root") };
    expect(verify(chainId, entries, { checkpoint: reRooted, anchors })).toMatchObject({ first_bad_seq: 1, reason: "CHECKPOINT_SIGNATURE_INVALID" });
    const moved = [{ ...anchors[0], leafIndex: anchors[0].leafIndex + 1 }];
    expect(verify(chainId, entries, { checkpoint, anchors: moved })).toMatchObject({ first_bad_seq: 1, reason: "INCLUSION_PROOF_FAILED" });
  });

  it("cannot verify without the signer's key", () => {
    const { chainId, entries } = makeChain(3);
    const { checkpoint, anchors } = anchor(chainId, entries, [3]);
    const v = new ChainVerifier(chainId, { anchorSeqs: [3] });
    entries.forEach((e) => v.push(e));
    expect(v.finish({ checkpoint, anchors, publicKey: null })).toMatchObject({ status: "UNVERIFIABLE", reason: "KEY_UNAVAILABLE" });
    const other = generateSigningKey();
    expect(v.finish({ checkpoint, anchors, publicKey: { raw: other.publicKeyRaw, keyId: other.keyId } })).toMatchObject({
      status: "UNVERIFIABLE",
      reason: "UNKNOWN_KEY",
    });
  });
});

describe("signing keys", () => {
  it("round-trips through PEM and from a raw seed", () => {
    const pem = signingKeyToPem(key);
    expect(parseSigningKey(pem).keyId).toBe(key.keyId);
    const seed = key.privateKey.export({ format: "jwk" }).d!;
    expect(parseSigningKey(seed).keyId).toBe(key.keyId);
    expect(() => parseSigningKey("c2hvcnQ")).toThrow(/32 bytes/);
    const body = { origin: "o", treeSize: 1, rootHash: sha256("x"), timestamp: 1 };
    const sig = signCheckpoint(body, parseSigningKey(seed));
    expect(verifyCheckpointSignature(body, sig, key.publicKeyRaw)).toBe(true);
    expect(verifyCheckpointSignature({ ...body, treeSize: 2 }, sig, key.publicKeyRaw)).toBe(false);
  });
});
