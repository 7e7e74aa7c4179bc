// Recomputes the worked example of docs/chain-format.md, so the spec cannot drift from the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalize } from "./canonical-json";
import { bodyHash, EntryHasher, genesisHash, headLeafData } from "./hash";
import { merkleLeafHash, MerkleTree } from "./merkle";
import { checkpointNote, parseSigningKey, signCheckpoint } from "./checkpoint";

const doc = readFileSync(new URL("../../docs/chain-format.md", import.meta.url), "utf8");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("docs/chain-format.md worked example", () => {
  it("matches the code byte for byte", () => {
    const id = "0f8a3c52-7d1e-4b6a-9c3f-2e5d8a1b4c70";
    const genesis = genesisHash(id);
    const b1 = canonicalize({ type: "output", time: 0.25, data: "$ whoami\r\n" });
    const b2 = canonicalize({ type: "output", time: 0.5, data: "ana\r\n" });
    const hasher = new EntryHasher(id);
    const e1 = hasher.hash(1, genesis, bodyHash(b1));
    const e2 = hasher.hash(2, e1, bodyHash(b2));
    const leaf = merkleLeafHash(headLeafData(id, 2, e2));
    const tree = new MerkleTree([merkleLeafHash(Buffer.from("other-0")), leaf, merkleLeafHash(Buffer.from("other-2"))]);
    const key = parseSigningKey("01".repeat(32));
    const cp = { origin: "flightlog.example", treeSize: 3, rootHash: tree.root(), timestamp: 1796083200000 };

    const expected = [
      `genesis         ${hex(genesis)}`,
      `seq 1 body      ${b1}`,
      `seq 1 body_hash ${hex(bodyHash(b1))}`,
      `seq 1 entry     ${hex(e1)}`,
      `seq 2 body      ${b2}`,
      `seq 2 body_hash ${hex(bodyHash(b2))}`,
      `seq 2 entry     ${hex(e2)}`,
      `leaf 1     ${hex(leaf)}`,
      `root       ${hex(tree.root())}`,
      `proof(1)   [${hex(tree.inclusionProof(1)[0])},`,
      `public key  ${hex(key.publicKeyRaw)}`,
      `key id      ${key.keyId}`,
      `note        ${JSON.stringify(checkpointNote(cp))}`,
      `signature   ${signCheckpoint(cp, key).toString("base64")}`,
    ];
    for (const line of expected) expect(doc).toContain(line);
  });
});
