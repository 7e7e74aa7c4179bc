// Canonical JSON (RFC 8785, JCS): the only serialization that is ever hashed.
// Keys are sorted by UTF-16 code units, numbers use the ECMAScript form, strings use
// JSON.stringify's minimal escaping. Values that JCS cannot carry exactly are refused.

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

/** A number's canonical JSON: ECMAScript's shortest round-trip form, which String() gives. */
export function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError("non-finite numbers have no JSON form");
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new CanonicalJsonError("integers beyond 2^53 must be sent as strings");
  }
  return String(n);
}

function canonicalString(s: string): string {
  if (!s.isWellFormed()) throw new CanonicalJsonError("strings must not contain lone surrogates");
  return JSON.stringify(s);
}

function write(value: unknown, depth: number): string {
  if (depth > 64) throw new CanonicalJsonError("nesting deeper than 64 levels");
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return canonicalNumber(value);
    case "string":
      return canonicalString(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + write(value[i], depth + 1);
        return out + "]";
      }
      const obj = value as Record<string, unknown>;
      if (isTextEvent(obj)) return canonicalTextEvent(canonicalString(obj.data), canonicalNumber(obj.time), obj.type);
      // Default sort compares UTF-16 code units, which is the order JCS requires.
      const keys = Object.keys(obj).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += (first ? "" : ",") + canonicalString(k) + ":" + write(v, depth + 1);
        first = false;
      }
      return out + "}";
    }
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`);
  }
}

function isTextEvent(obj: Record<string, unknown>): obj is { data: string; time: number; type: string } {
  if (typeof obj.data !== "string" || typeof obj.time !== "number" || typeof obj.type !== "string") return false;
  let n = 0;
  for (const _ in obj) n++;
  return n === 3 && Object.getPrototypeOf(obj) === Object.prototype;
}

/**
 * The canonical body of a terminal text event ({data, time, type}: output and input, the hot
 * path), given its data and time already as canonical JSON (see canonicalNumber).
 */
export function canonicalTextEvent(dataJson: string, timeJson: string, type: string): string {
  return `{"data":${dataJson},"time":${timeJson},"type":${canonicalString(type)}}`;
}

/**
 * The canonical JSON of `value`, given `raw`, the JSON string token it was parsed from: `raw`
 * itself when it is already canonical (as collectors usually write it), which saves
 * serializing it again; otherwise null. Raw JSON text cannot hold an unescaped control
 * character, so only the escapes need checking: each must be one JSON.stringify writes.
 */
export function canonicalStringToken(raw: string, value: string): string | null {
  if (!value.isWellFormed()) return null;
  for (let i = raw.indexOf("\\"); i !== -1; i = raw.indexOf("\\", i)) {
    const c = raw.charCodeAt(i + 1);
    // \" \\ \b \f \n \r \t
    if (c === 0x22 || c === 0x5c || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
      i += 2;
      continue;
    }
    // \u00XX in lowercase, for the control characters that have no short form
    if (c === 0x75 && raw.startsWith("00", i + 2) && isShortlessControl(raw.charCodeAt(i + 4), raw.charCodeAt(i + 5))) {
      i += 6;
      continue;
    }
    return null;
  }
  return raw;
}

/** Whether hex digits hi lo name 0x00–0x1f other than \b \t \n \f \r, in lowercase. */
function isShortlessControl(hi: number, lo: number): boolean {
  const digit = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x61 + 10 : -1;
  if (digit < 0) return false;
  if (hi === 0x31) return true;
  return hi === 0x30 && digit !== 0x08 && digit !== 0x09 && digit !== 0x0a && digit !== 0x0c && digit !== 0x0d;
}

/** Serializes a JSON value canonically. Throws CanonicalJsonError for values JCS cannot carry. */
export function canonicalize(value: unknown): string {
  return write(value, 0);
}

/** The reference check, by round trip; the verifier uses the single-pass isCanonical. */
export function isCanonicalByRoundTrip(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  try {
    return canonicalize(parsed) === text;
  } catch {
    return false;
  }
}
