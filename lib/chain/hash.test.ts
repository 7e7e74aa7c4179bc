import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EntryHasher, genesisHash, sha256, sha256Binary } from "./hash";

const CHAIN = "0f8e6a52-1c3b-4d7e-9a10-2b3c4d5e6f70";

describe("sha256", () => {
  it("matches a Hash object for bytes and for UTF-8 text", () => {
    for (const data of ["", "abc", "héllo ✓ \u{1f600}", Buffer.from([0, 255, 128, 7])]) {
      const expected = createHash("sha256").update(data).digest();
      expect(sha256(data).equals(expected)).toBe(true);
      expect(sha256Binary(data)).toBe(expected.toString("latin1"));
    }
  });
});

describe("EntryHasher", () => {
  it("computes the same entry hash from binary strings as from bytes, beyond 2^32 too", () => {
    const hasher = new EntryHasher(CHAIN);
    const prev = genesisHash(CHAIN);
    const body = sha256('{"data":"x","time":0,"type":"o"}');
    for (const seq of [1, 2, 0x1_0000_0001, Number.MAX_SAFE_INTEGER]) {
      const bytes = hasher.hash(seq, prev, body);
      expect(hasher.hashBinary(seq, prev.toString("latin1"), body.toString("latin1"))).toBe(bytes.toString("latin1"));
    }
  });

  it("refuses hashes of the wrong length, and seq 0", () => {
    const hasher = new EntryHasher(CHAIN);
    const ok = "\xab".repeat(32);
    expect(() => hasher.hashBinary(1, ok.slice(1), ok)).toThrow(RangeError);
    expect(() => hasher.hashBinary(1, ok, `${ok}\x00`)).toThrow(RangeError);
    expect(() => hasher.hashBinary(0, ok, ok)).toThrow(RangeError);
  });
});
