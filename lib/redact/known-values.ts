// Values registered for a session (for example from its environment) are masked exactly, in
// the forms they take in terminal output: as they are, in base64 and base64url at each of the
// three byte alignments, percent-encoded and JSON-escaped. Every form is fingerprinted as the
// value itself, so one secret has one fingerprint however it was encoded.
import { DONE, charSet, inSet, type Encoding, type Rule } from "./rule";

/** Values and forms shorter than this would mask ordinary text. */
export const MIN_KNOWN_LENGTH = 4;

export interface KnownForm {
  form: string;
  value: string;
  encoding?: Encoding;
  /** A base64 form's first (last) character also carries bits of neighbouring bytes. */
  partialBefore: boolean;
  partialAfter: boolean;
}

const BASE64 = charSet("A-Za-z0-9+/");
const BASE64URL = charSet("A-Za-z0-9_-");

/**
 * The base64 characters that depend only on `bytes` when they start `align` bytes into a 3-byte
 * group. The neighbouring characters mix in other bytes and are matched by the scanner.
 */
export function base64Interior(bytes: Buffer, align: number): { chars: string; partialBefore: boolean; partialAfter: boolean } {
  const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString("base64");
  const startBit = 8 * align;
  const endBit = startBit + 8 * bytes.length;
  return {
    chars: encoded.slice(Math.ceil(startBit / 6), Math.floor(endBit / 6)),
    partialBefore: startBit % 6 !== 0,
    partialAfter: endBit % 6 !== 0,
  };
}

export function knownForms(values: readonly string[]): KnownForm[] {
  const forms = new Map<string, KnownForm>();
  const add = (form: string, value: string, encoding?: Encoding, partialBefore = false, partialAfter = false) => {
    if (form.length >= MIN_KNOWN_LENGTH && !forms.has(form)) forms.set(form, { form, value, encoding, partialBefore, partialAfter });
  };
  for (const value of values) {
    if (value.length < MIN_KNOWN_LENGTH) continue;
    add(value, value);
    const bytes = Buffer.from(value, "utf8");
    for (const align of [0, 1, 2]) {
      const { chars, partialBefore, partialAfter } = base64Interior(bytes, align);
      add(chars, value, "base64", partialBefore, partialAfter);
      add(chars.replace(/\+/g, "-").replace(/\//g, "_"), value, "base64url", partialBefore, partialAfter);
    }
    const percent = encodeURIComponent(value);
    add(percent, value, "percent");
    add(percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), value, "percent");
    add(percent.replace(/%20/g, "+"), value, "percent");
    const json = JSON.stringify(value).slice(1, -1);
    add(json, value, "json");
    add(json.replace(/\//g, "\\/"), value, "json");
    add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), value, "json");
  }
  return [...forms.values()];
}

export const KNOWN_VALUE_INFO = {
  id: "known-value",
  family: "known",
  description: "a value registered for the session, as is or base64, base64url, percent or JSON encoded",
};

/** The rule for one redactor's registered values; its keywords are the forms themselves. */
export function knownValuesRule(values: readonly string[], group: number): Rule | null {
  const forms = knownForms(values);
  if (forms.length === 0) return null;
  const byFirst = new Map<string, KnownForm[]>();
  for (const f of [...forms].sort((a, b) => b.form.length - a.form.length)) {
    const list = byFirst.get(f.form[0]) ?? [];
    list.push(f);
    byFirst.set(f.form[0], list);
  }
  const prefixes = new Set<string>();
  let longest = 0;
  let anyPartialBefore = false;
  for (const f of forms) {
    for (let k = 1; k < f.form.length; k++) prefixes.add(f.form.slice(0, k));
    longest = Math.max(longest, f.form.length);
    anyPartialBefore ||= f.partialBefore;
  }

  const rule: Rule = {
    ...KNOWN_VALUE_INFO,
    label: "known",
    priority: 7,
    keywords: forms.map((f) => f.form),
    group,
    tailHold(text) {
      const n = text.length;
      for (let k = Math.min(longest - 1, n); k > 0; k--) {
        if (prefixes.has(text.slice(n - k))) return anyPartialBefore && n - k > 0 ? n - k - 1 : n - k;
      }
      // The last character may be the mixed first character of a base64 form still to come.
      return anyPartialBefore && n > 0 && (inSet(BASE64, text.charCodeAt(n - 1)) || inSet(BASE64URL, text.charCodeAt(n - 1))) ? n - 1 : n;
    },
    scan(text, hit, final, out) {
      const form = byFirst.get(text[hit])?.find((f) => text.startsWith(f.form, hit));
      if (form === undefined) return DONE;
      const alphabet = form.encoding === "base64url" ? BASE64URL : BASE64;
      let start = hit;
      let end = hit + form.form.length;
      if (form.partialBefore && start > 0 && inSet(alphabet, text.charCodeAt(start - 1))) start--;
      if (form.encoding === "base64" || form.encoding === "base64url") {
        if (end === text.length && !final) return start;
        if (form.partialAfter && inSet(alphabet, text.charCodeAt(end))) end++;
        for (let pad = 0; pad < 2 && text[end] === "="; pad++) end++;
      }
      // A longer registered form may still be arriving at the same place.
      if (end === text.length && !final) return start;
      out.push({ rule, start, end, secret: form.value, encoding: form.encoding });
      return DONE;
    },
  };
  return rule;
}
