import { describe, expect, it } from "vitest";
import { canonicalize, isCanonicalByRoundTrip } from "./canonical-json";
import { isCanonical } from "./canonical-check";

// A seeded generator, so a failure reproduces.
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const ALPHABET = ["a", "b", "Z", "0", " ", '"', "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0001", "\u001f", "\u007f", "é", "€", "\u2028", "😀", "\uFB33", "{", "}", ":", ","];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 7));
  const str = () => Array.from({ length: Math.floor(r() * 6) }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join("");
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e-7, 123456789, -0.25, 1e21 / 1e10, Math.floor(r() * 1e6) / 1000][Math.floor(r() * 8)];
    case 3:
    case 4:
      return str();
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [str(), randomValue(r, depth + 1)]));
  }
}

/** Small edits that may or may not keep a text canonical. */
function mutate(text: string, r: () => number): string {
  const i = Math.floor(r() * (text.length + 1));
  const edits = [
    () => text.slice(0, i) + " " + text.slice(i),
    () => text.slice(0, i) + text.slice(i + 1),
    () => text.replace('"a"', '"\\u0061"'),
    () => text.replace("\\n", "\\u000a"),
    () => text.replace("\\u001f", "\\u001F"),
    () => text.replace("/", "\\/"),
    () => text.replace(/(\d)([,\]}])/, "$1.0$2"),
    () => text.replace(/"([^"]*)":(.*?),"([^"]*)":/, '"$3":$2,"$1":'),
    () => text.replace("1e-7", "1E-7"),
    () => text.replace("1e-7", "0.0000001"),
    () => text.replace("-0.25", "-.25"),
    () => text + "x",
    () => text.replace("😀", "\ud83d"),
  ];
  return edits[Math.floor(r() * edits.length)]();
}

describe("isCanonical (single pass)", () => {
  it("agrees with the round-trip reference on generated and mutated texts", () => {
    const r = rng(42);
    let canonical = 0;
    let mutated = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = canonicalize(randomValue(r, 0));
      expect(isCanonical(text)).toBe(true);
      canonical++;
      const m = mutate(text, r);
      expect(isCanonical(m), JSON.stringify(m)).toBe(isCanonicalByRoundTrip(m));
      mutated++;
    }
    expect(canonical + mutated).toBe(40_000);
  });

  it("rejects the usual ways a body can be non-canonical", () => {
    for (const text of ['{"b":1,"a":2}', '{"a":1,"a":1}', '{"a": 1}', "[1.0]", "[1E3]", '["\\/"]', '["\\u0041"]', '["\\u000a"]', '["\\u001F"]', '"\u0001"', "[-0]", "[9007199254740993]", "[01]", '"\ud800"', "", "[", "{}x", "nul"]) {
      expect(isCanonical(text), text).toBe(false);
      expect(isCanonicalByRoundTrip(text), text).toBe(false);
    }
    for (const text of ['{"a":1,"b":[true,false,null]}', '["\\u001f\\n\\"\\\\"]', "[1e-7,5e-324,-1.5e-300]", '{"":0,"\u0080":1}', '"😀"', "[]", "{}"]) {
      expect(isCanonical(text), text).toBe(true);
    }
  });

  it("limits nesting as canonicalize does", () => {
    expect(isCanonical("[".repeat(65) + "]".repeat(65))).toBe(true);
    expect(isCanonical("[".repeat(66) + "]".repeat(66))).toBe(false);
    expect(isCanonicalByRoundTrip("[".repeat(66) + "]".repeat(66))).toBe(false);
  });
});
