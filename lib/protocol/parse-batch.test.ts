import { describe, expect, it } from "vitest";
import { canonicalize, canonicalNumber, canonicalTextEvent } from "@/lib/chain/canonical-json";
import { parseBatch, resolveTimes } from "./parse-batch";

/** The body the ingest hashes for each event: the fast path when the parser offers it. */
function bodies(text: string): string[] {
  const batch = parseBatch(text, "asciicast");
  return resolveTimes(batch.events, 2, 0).map((event, i) => {
    const dataJson = batch.events[i].dataJson;
    return dataJson === undefined ? canonicalize(event) : canonicalTextEvent(dataJson, canonicalNumber(event.time as number), event.type);
  });
}

const SAMPLES = [
  "plain output\r\n",
  'quotes " and \\ backslashes',
  "\x1b[1;31mred\x1b[0m \x07 bell \x00 nul \x7f del \x0b vt \x1f us",
  "tabs\tand\fform feeds\b",
  "unicode é 漢字 emoji \u{1f600} and line separators \u2028 \u2029",
  "",
];

describe("asciicast data as canonical JSON", () => {
  it("reuses the line's own text when a collector wrote it canonically, and it matches canonicalize", () => {
    const text = SAMPLES.map((d, i) => JSON.stringify([i, i % 2 ? "i" : "o", d])).join("\n");
    const batch = parseBatch(text, "asciicast");
    expect(batch.events.every((e) => e.dataJson !== undefined)).toBe(true);
    expect(bodies(text)).toEqual(SAMPLES.map((data, i) => canonicalize({ data, time: i, type: i % 2 ? "input" : "output" })));
  });

  it("serializes again when the line used other escapes, copes with spacing, and agrees either way", () => {
    const lines = [
      String.raw`[0, "o", "\u0041\/ \u001B \u00e9 \ud83d\ude00"]`,
      String.raw` [ 1.5 ,	"o" ,  "a\\u0041 literal" ]  `,
      String.raw`[2,"\u006f","escaped code"]`,
      String.raw`[3,"o","ok \u001b and \n"]`,
    ];
    const expected = ["A/ \x1b é \u{1f600}", "a\\u0041 literal", "escaped code", "ok \x1b and \n"];
    const batch = parseBatch(lines.join("\n"), "asciicast");
    expect(batch.events.map((e) => e.dataJson !== undefined)).toEqual([false, true, false, true]);
    expect(bodies(lines.join("\n"))).toEqual(expected.map((data, i) => canonicalize({ data, time: [0, 1.5, 2, 3][i], type: "output" })));
  });

  it("agrees with canonicalize on random data", () => {
    const alphabet = ["a", "Z", " ", '"', "\\", "\n", "\r", "\t", "\x1b", "\x00", "\x7f", "é", "漢", "\u{1f600}", "\u2028", "/", "u", "0"];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const data = Array.from({ length: 300 }, () => Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join(""));
    const text = data.map((d, i) => JSON.stringify([i / 10, "o", d])).join("\n");
    expect(bodies(text)).toEqual(data.map((d, i) => canonicalize({ data: d, time: i / 10, type: "output" })));
  });

  it("never takes the fast path for data with a lone surrogate", () => {
    const batch = parseBatch(String.raw`[0,"o","bad \ud800 half"]`, "asciicast");
    expect(batch.events[0].dataJson).toBeUndefined();
    expect(() => canonicalize(resolveTimes(batch.events, 2, 0)[0])).toThrow(/lone surrogates/);
  });
});
