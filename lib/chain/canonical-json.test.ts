import { describe, expect, it } from "vitest";
import { canonicalize, CanonicalJsonError } from "./canonical-json";
import { isCanonical } from "./canonical-check";

describe("canonicalize (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units and drops insignificant whitespace", () => {
    const input = JSON.parse('{"b": 1, "a": {"z": [3, 2, 1], "\\u20ac": "euro", "\\r": "cr", "1": true}}');
    expect(canonicalize(input)).toBe('{"a":{"\\r":"cr","1":true,"z":[3,2,1],"€":"euro"},"b":1}');
  });

  it("orders keys outside the BMP by code units, as JCS requires", () => {
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 by UTF-16 units although its code point is larger.
    const input = { "\uFB33": 1, "\u{1F600}": 2 };
    expect(canonicalize(input)).toBe('{"\u{1F600}":2,"\uFB33":1}');
  });

  it("writes numbers in the ECMAScript form", () => {
    expect(canonicalize([0, -0, 1e-7, 0.000001, 333333333.3333333, 4.5, -1.5e-300])).toBe(
      "[0,0,1e-7,0.000001,333333333.3333333,4.5,-1.5e-300]",
    );
  });

  it("escapes only what JSON requires, with lowercase hex", () => {
    expect(canonicalize("\u0001\u001f\b\f\n\r\t\"\\/é\u2028")).toBe('"\\u0001\\u001f\\b\\f\\n\\r\\t\\"\\\\/é\u2028"');
  });

  it("refuses values JCS cannot carry exactly", () => {
    expect(() => canonicalize(2 ** 53 + 2)).toThrow(CanonicalJsonError);
    expect(() => canonicalize(1e21)).toThrow(/beyond 2\^53/);
    expect(() => canonicalize(Number.NaN)).toThrow(CanonicalJsonError);
    expect(() => canonicalize("\uD800x")).toThrow(/lone surrogate/);
    expect(() => canonicalize({ a: () => 1 })).toThrow(CanonicalJsonError);
    expect(canonicalize(2 ** 53 - 1)).toBe("9007199254740991");
  });

  it("recognises canonical text", () => {
    expect(isCanonical('{"a":1,"b":[true,null]}')).toBe(true);
    expect(isCanonical('{"b":1,"a":1}')).toBe(false);
    expect(isCanonical('{"a": 1}')).toBe(false);
    expect(isCanonical('{"a":1.0}')).toBe(false);
    expect(isCanonical("not json")).toBe(false);
  });
});
