// A single-pass check that a text is exactly canonical JSON (RFC 8785), without building the
// value: the verifier runs it on every stored body. It agrees with
// canonicalize(JSON.parse(text)) === text, which canonical-check.test.ts fuzzes.

const MAX_DEPTH = 64;
/** The characters a string scan must stop at; runs of anything else are skipped natively. */
const STRING_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/g;

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}

  value(depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const c = this.s.charCodeAt(this.pos);
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string(false) !== null;
    if (c === 0x74) return this.literal("true");
    if (c === 0x66) return this.literal("false");
    if (c === 0x6e) return this.literal("null");
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return false;
  }

  literal(word: string): boolean {
    if (!this.s.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  number(): boolean {
    const start = this.pos;
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) this.pos++;
      else break;
    }
    const token = s.slice(start, this.pos);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(token)) return false;
    const n = Number(token);
    if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) return false;
    return JSON.stringify(n) === token;
  }

  /**
   * Scans a canonical string. Returns null if it is not canonical, else its decoded value when
   * `decode` is set (keys are compared decoded) and "" otherwise.
   */
  string(decode: boolean): string | null {
    const s = this.s;
    const start = ++this.pos;
    let escaped = false;
    for (;;) {
      STRING_SPECIAL.lastIndex = this.pos;
      if (!STRING_SPECIAL.test(s)) return null;
      this.pos = STRING_SPECIAL.lastIndex - 1;
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) return null;
      if (c === 0x5c) {
        escaped = true;
        const e = s.charCodeAt(this.pos + 1);
        if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          this.pos += 2;
          continue;
        }
        if (e !== 0x75) return null;
        const hex = s.slice(this.pos + 2, this.pos + 6);
        if (!/^00[01][0-9a-f]$/.test(hex)) return null;
        const code = parseInt(hex, 16);
        // These have short forms, which canonical JSON must use.
        if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return null;
        this.pos += 6;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = s.charCodeAt(this.pos + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return null;
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    const end = this.pos++;
    if (!decode) return "";
    const raw = s.slice(start, end);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  object(depth: number): boolean {
    const s = this.s;
    this.pos++;
    if (s.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return true;
    }
    let previous: string | null = null;
    for (;;) {
      if (s.charCodeAt(this.pos) !== 0x22) return false;
      const key = this.string(true);
      // Keys strictly increase by UTF-16 code units: sorted, and no duplicates.
      if (key === null || (previous !== null && !(previous < key))) return false;
      previous = key;
      if (s.charCodeAt(this.pos) !== 0x3a) return false;
      this.pos++;
      if (!this.value(depth + 1)) return false;
      const c = s.charCodeAt(this.pos++);
      if (c === 0x7d) return true;
      if (c !== 0x2c) return false;
    }
  }

  array(depth: number): boolean {
    const s = this.s;
    this.pos++;
    if (s.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (!this.value(depth + 1)) return false;
      const c = s.charCodeAt(this.pos++);
      if (c === 0x5d) return true;
      if (c !== 0x2c) return false;
    }
  }
}

/** True when `text` is exactly the canonical serialization of the JSON value it encodes. */
export function isCanonical(text: string): boolean {
  const scanner = new Scanner(text);
  return scanner.value(0) && scanner.pos === text.length;
}
