import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EntryHasher, genesisHash, sha256, sha256Hex } from "./hash";

const CHAIN = "0f8e6a52-1c3b-4d7e-9a10-2b3c4d5e6f70";

describe("sha256", () => {
  it("matches a Hash object for bytes and for UTF-8 text", () => {
    for (const data of ["", "abc", "héllo ✓ \u{1f600}", Buffer.from([0, 255, 128, 7])]) {
      const expected = createHash("sha256").update(data).digest();
      expect(sha256(data).equals(expected)).toBe(true);
      expect(sha256Hex(data)).toBe(expected.toString("hex"));
    }
  });
});

describe("EntryHasher", () => {
  it("computes the same entry hash from hex as from bytes, beyond 2^32 too", () => {
    const hasher = new EntryHasher(CHAIN);
    const prev = genesisHash(CHAIN);
    const body = sha256('{"data":"x","time":0,"type":"o"}');
    for (const seq of [1, 2, 0x1_0000_0001, Number.MAX_SAFE_INTEGER]) {
      const bytes = hasher.hash(seq, prev, body);
      expect(hasher.hashHex(seq, prev.toString("hex"), body.toString("hex"))).toBe(bytes.toString("hex"));
    }
  });

  it("refuses hashes of the wrong length or with non-hex digits", () => {
    const hasher = new EntryHasher(CHAIN);
    const ok = "ab".repeat(32);
    expect(() => hasher.hashHex(1, ok.slice(2), ok)).toThrow(RangeError);
    expect(() => hasher.hashHex(1, ok, `${ok}00`)).toThrow(RangeError);
    expect(() => hasher.hashHex(1, `zz${ok.slice(2)}`, ok)).toThrow(RangeError);
    expect(() => hasher.hashHex(0, ok, ok)).toThrow(RangeError);
  });
});
