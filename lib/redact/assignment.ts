// Reading `name = value` and `name: value` the way env dumps, .env files, YAML, JSON, INI files,
// HTTP headers and command-line flags write them.
import { MAX_SPAN } from "./rule";

/** A value's projected range, or a hold offset (the value may still be arriving), or null. */
export type ValueRead = { start: number; end: number } | number | null;

const UNQUOTED_END = /[\s"'`]/;
// Backslashes (one per level of escaping) before a quote or a line break's letter.
const ESCAPED_END = /^\\+["nrt]/;

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl;
}
const TRAILING_PUNCTUATION = /[,;)\]}]+$/;

export interface ReadOptions {
  /** Blanks alone may separate (`--password hunter2`). */
  blankSeparator?: boolean;
  /** A colon may separate (YAML, JSON, headers; not prose such as "the token: see below"). */
  colon?: boolean;
  /** Characters that also end an unquoted value (`&` in a query string). */
  stopAt?: RegExp;
}

/**
 * Reads the separator and value after a name that ends at `i`. A closing quote (JSON keys),
 * blanks, then `=` or `:` (a colon must be followed by a blank or a quote, as in YAML, JSON and
 * headers), blanks, then a quoted value (up to its closing quote on the same line) or an
 * unquoted one (up to a blank). Returns `text.length` when the text ends before the value starts.
 */
export function readValue(text: string, i: number, final: boolean, options: ReadOptions = {}): ValueRead {
  const n = text.length;
  if (text[i] === '"' || text[i] === "'") i++;
  const blanksFrom = i;
  while (i < n && (text[i] === " " || text[i] === "\t")) i++;
  if (i === n) return final ? null : n;
  const sep = text[i];
  if (sep === "=" && text[i + 1] !== "=" && text[i - 1] !== "!") {
    i++;
  } else if (sep === ":" && options.colon === true && text[i + 1] !== ":") {
    i++;
    if (i === n) return final ? null : n;
    if (!/[ \t"']/.test(text[i])) return null;
  } else if (!(options.blankSeparator === true && i > blanksFrom)) {
    return null;
  }
  while (i < n && (text[i] === " " || text[i] === "\t")) i++;
  if (i === n) return final ? null : n;

  // A value longer than MAX_SPAN is masked up to there, so no hit is rescanned without bound.
  // In an escaped JSON string, `\"` quotes a value.
  if (text[i] === "\\" && text[i + 1] === '"') {
    const start = i + 2;
    const close = text.indexOf('\\"', start);
    const stop = Math.min(n, start + MAX_SPAN);
    if (close === -1 || close >= stop) return final || stop < n ? { start, end: Math.min(stop, lineEnd(text, start)) } : start;
    return { start, end: Math.min(close, lineEnd(text, start)) };
  }
  const quote = text[i];
  if (quote === '"' || quote === "'") {
    const start = i + 1;
    const stop = Math.min(n, start + MAX_SPAN);
    for (let j = start; j < stop; j++) {
      const c = text[j];
      if (c === "\\" && quote === '"') j++;
      else if (c === quote) return { start, end: j };
      else if (c === "\n" || c === "\r") return { start, end: j }; // unterminated: mask to the line end
    }
    return final || stop < n ? { start, end: stop } : start;
  }
  let end = i;
  const stop = Math.min(n, i + MAX_SPAN);
  const stopAt = options.stopAt ?? UNQUOTED_END;
  // An escaped line break or quote ends it too: the value sits in an escaped string.
  while (end < stop && !stopAt.test(text[end]) && !(text[end] === "\\" && ESCAPED_END.test(text.slice(end, end + 8)))) end++;
  if (end === n && !final) return i;
  const value = text.slice(i, end);
  const trimmed = value.replace(TRAILING_PUNCTUATION, "");
  return { start: i, end: i + trimmed.length };
}

// Values that name a secret rather than hold one: variables, templates, masked text, nested
// structures (`"Credentials": {`) and literals.
const PLACEHOLDER =
  /^(?:|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*\)|\{\{.*\}\}|<[^<>]*>|%[A-Za-z_][A-Za-z0-9_]*%|\*+|x{3,}|X{3,}|\.{3,}|true|false|null|none|nil|undefined|yes|no|\[redacted\]|redacted|\(sensitive(?: value)?\)|[|>][-+]?\d?|\{\}?|\[\]?)$/i;
// A function call in source code (`password = getenv("X")`), not a value.
const CODE_CALL = /^[A-Za-z_$][\w$.]*\(/;

// A mask written by this module, when already redacted text is redacted again.
const MASK = /^\[[a-z0-9-]+(?::[0-9a-f]{4})?\]\**$/;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || CODE_CALL.test(value) || MASK.test(value);
}

const SECRET_WORDS = new Set(["password", "passwd", "passphrase", "secret", "token", "credential", "credentials", "apikey"]);
// Short words that are secrets only as the last part of a longer name (PWD alone is the cwd).
const SUFFIX_WORDS = new Set(["pwd", "pass", "pw"]);
const KEY_QUALIFIERS = new Set(["api", "private", "access", "secret", "auth", "signing", "encryption", "master", "session", "account", "client", "app", "admin", "service", "license", "webhook"]);

// Every secret name ends in one of these (case aside): a cheap test before splitting words.
const SECRET_ENDING = /(?:pass(?:word|wd|phrase)?|secret|token|credentials?|apikey|pwd|pw|key)$/i;

/** A cheap necessary condition for every secret name, vendor-specific ones included. */
export function endsLikeSecretName(name: string): boolean {
  return SECRET_ENDING.test(name);
}

/** True for names whose value is a secret: DB_PASSWORD, apiKey, _authToken, x-api-key, … */
export function isSecretName(name: string): boolean {
  if (!SECRET_ENDING.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  for (const word of SECRET_WORDS) if (last.endsWith(word)) return true; // PGPASSWORD, csrftoken
  if (SUFFIX_WORDS.has(last)) return words.length > 1;
  return last === "key" && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}
