// Canonical JSON (RFC 8785, JCS): the only serialization that is ever hashed.
// Keys are sorted by UTF-16 code units, numbers use the ECMAScript form, strings use
// JSON.stringify's minimal escaping. Values that JCS cannot carry exactly are refused.

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError("non-finite numbers have no JSON form");
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new CanonicalJsonError("integers beyond 2^53 must be sent as strings");
  }
  return JSON.stringify(n);
}

function canonicalString(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError("strings must not contain lone surrogates");
  return JSON.stringify(s);
}

function write(value: unknown, out: string[], depth: number): void {
  if (depth > 64) throw new CanonicalJsonError("nesting deeper than 64 levels");
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      out.push(canonicalNumber(value));
      return;
    case "string":
      out.push(canonicalString(value));
      return;
    case "object": {
      if (Array.isArray(value)) {
        out.push("[");
        for (let i = 0; i < value.length; i++) {
          if (i) out.push(",");
          write(value[i], out, depth + 1);
        }
        out.push("]");
        return;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      out.push("{");
      keys.forEach((k, i) => {
        if (i) out.push(",");
        out.push(canonicalString(k), ":");
        write(obj[k], out, depth + 1);
      });
      out.push("}");
      return;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`);
  }
}

/** Serializes a JSON value canonically. Throws CanonicalJsonError for values JCS cannot carry. */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join("");
}

/** True when `text` is exactly the canonical serialization of the JSON value it encodes. */
export function isCanonical(text: string): boolean {
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
