// Canonical JSON (RFC 8785, JCS): the only serialization that is ever hashed.
// Keys are sorted by UTF-16 code units, numbers use the ECMAScript form, strings use
// JSON.stringify's minimal escaping. Values that JCS cannot carry exactly are refused.

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError("non-finite numbers have no JSON form");
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new CanonicalJsonError("integers beyond 2^53 must be sent as strings");
  }
  return JSON.stringify(n);
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
      if (isTextEvent(obj)) {
        // The hot path: terminal output and input, whose keys are already in canonical order.
        return `{"data":${canonicalString(obj.data)},"time":${canonicalNumber(obj.time)},"type":${canonicalString(obj.type)}}`;
      }
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
