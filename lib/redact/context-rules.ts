// Rules that recognise a secret by what stands next to it: a variable or field name, a URL's
// userinfo, an HTTP authorization header, a connection string.
import { endsLikeSecretName, isPlaceholder, isSecretName, readValue } from "./assignment";
import { ALNUM, DONE, MAX_SPAN, charSet, inSet, runEnd, runStart, tokenStartsAt, type Candidate, type Rule, type RuleIdentity } from "./rule";

const NAME = charSet("A-Za-z0-9_.-");
const NAME_LIMIT = 128;
// Text that may precede a `name: value` on its line: indentation, YAML list dashes, comment
// and diff markers, and curl -v's request and response arrows.
const LINE_LEAD = /(?:^|[\r\n])[ \t>*<+#-]*$/;

interface Named {
  start: number;
  end: number;
  name: string;
}

/** The name (identifier, dotted key, header or flag) around a keyword hit. */
function nameAt(text: string, hit: number): Named | number {
  let start = runStart(text, hit, NAME, NAME_LIMIT);
  // In escaped text, `\nDB_PASSWORD` is a line break, then the name.
  if (start > 0 && text[start - 1] === "\\" && /[nrt]/.test(text[start]) && start + 1 < hit) start++;
  const end = runEnd(text, hit, NAME, NAME_LIMIT);
  if (end - start >= NAME_LIMIT) return DONE;
  return { start, end, name: text.slice(start, end) };
}

/** Reads the value assigned to a name, deciding where a colon may separate and a value stop. */
function valueOf(text: string, named: Named, final: boolean) {
  const before = text[named.start - 1];
  const quoted = before === '"' || before === "'";
  const lineLead = LINE_LEAD.test(text.slice(Math.max(0, named.start - 64), named.start));
  return readValue(text, named.end, final, {
    colon: quoted || lineLead || named.name.includes("-"),
    blankSeparator: named.name.startsWith("-"),
    // In a query string a value ends at the next parameter; in a connection string, at `;`.
    stopAt: before === "?" || before === "&" ? /[\s"'`&#]/ : before === ";" ? /[\s"'`;]/ : undefined,
  });
}

// Parts of secret words that wake the name reader. Lower-case parts are chosen by their rare
// first letters and also match inside capitalised words ("cret" in Secret, "ken" in Token, "wd"
// in Pwd); upper-case and the remaining capitalised words share a second alternation whose first
// letters are all capitals, which ordinary text seldom holds. Few, uncommon first characters per
// alternation are what keep the prefilter fast.
const SECRET_NAME_KEYWORDS = [
  ...["pass", "wd", "cret", "cred", "ken", "key"],
  ...["PASS", "PWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "Pass", "Key", "Credential"],
];

function nameKeywordGroup(keyword: string): number {
  return keyword === keyword.toLowerCase() ? 2 : 3;
}

// A secret word ends its name (`api_key`, `secretKey`), so a lower-case letter after it means
// some other word: keyboard, tokens, secrets, passed, credit. Only password, passwd, passphrase,
// credential(s) and creds go on.
const NAME_GUARDS: Record<string, string> = {
  key: "(?![a-z])",
  ken: "(?![a-z])",
  cret: "(?![a-z])",
  wd: "(?![a-z])",
  pass: "(?![a-oq-vx-z])",
  cred: "(?![a-df-rt-z])",
};

export const awsSecretAccessKey: RuleIdentity = {
  id: "aws-secret-access-key",
  family: "aws",
  label: "aws-secret",
  description: "AWS secret access key (40 characters) or session token assigned to aws_secret_access_key, SecretAccessKey, aws_session_token or SessionToken",
  priority: 3,
};

export const azureStorageKey: RuleIdentity = {
  id: "azure-storage-key",
  family: "azure",
  label: "azure-key",
  description: "Azure storage account or Service Bus key (AccountKey=, SharedAccessKey= in a connection string)",
  priority: 3,
};

export const azureClientSecretAssignment: RuleIdentity = {
  id: "azure-client-secret-assignment",
  family: "azure",
  label: "azure-secret",
  description: "Azure service principal secret assigned to AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET",
  priority: 3,
};

export const genericSecretAssignment: RuleIdentity = {
  id: "secret-assignment",
  family: "env",
  label: "env",
  description: "value assigned to a secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIALS…) in env dumps, .env, export, YAML, JSON, INI, headers and --flags",
  priority: 6,
};

export const sqlPassword: RuleIdentity = {
  id: "sql-password",
  family: "sql",
  label: "sql-pass",
  description: "password literal in SQL: ALTER USER / CREATE ROLE … PASSWORD '…', IDENTIFIED BY '…'",
  priority: 4,
};

// `PASSWORD 'literal'` in SQL (ENCRYPTED PASSWORD, WITH PASSWORD), '' escaping a quote; in a
// Python repr or a shell string the quotes may be escaped (\').
const SQL_LITERAL = /^[ \t]+[Ee]?(\\?)'((?:[^'\r\n\\]|''|\\[^'])*)(\1'|\\?$)/;

/** A SQL password literal after `name`, or a hold offset, or null. */
function sqlLiteral(text: string, at: number, final: boolean): { start: number; end: number } | number | null {
  const m = SQL_LITERAL.exec(text.slice(at, at + MAX_SPAN));
  if (m === null) return !final && /^[ \t]*[Ee]?\\?$/.test(text.slice(at)) ? at : null;
  if (!m[3].endsWith("'")) return final ? null : at; // the closing quote may still arrive
  const start = at + m[0].indexOf("'") + 1;
  return { start, end: start + m[2].length };
}

// Names whose values belong to a vendor's family, when the value has the vendor's shape.
const NAMED_SECRETS: { rule: RuleIdentity; name: RegExp; value: RegExp }[] = [
  { rule: awsSecretAccessKey, name: /secret_?access_?key$/i, value: /^[A-Za-z0-9/+]{40}$/ },
  { rule: awsSecretAccessKey, name: /^(?:aws_?)?session_?token$/i, value: /^[A-Za-z0-9/+]{100,}={0,2}$/ },
  { rule: azureStorageKey, name: /^(?:Account|SharedAccess)Key$/, value: /^[A-Za-z0-9+/]{40,}={0,2}$/ },
  { rule: azureClientSecretAssignment, name: /^(?:AZURE|ARM)_CLIENT_SECRET$/i, value: /^/ },
];

/** One scanner for every `name = value` rule: the name is read once, then the value. */
export const secretAssignment: Rule = {
  ...genericSecretAssignment,
  reports: [awsSecretAccessKey, azureStorageKey, azureClientSecretAssignment, sqlPassword],
  keywords: SECRET_NAME_KEYWORDS,
  group: nameKeywordGroup,
  guards: NAME_GUARDS,
  scan(text, hit, final, out) {
    const named = nameAt(text, hit);
    if (typeof named === "number") return named;
    if (named.end === text.length && !final) return text.length; // the name may go on
    if (!endsLikeSecretName(named.name)) return DONE; // keyboard, tokens, passed
    const vendor = NAMED_SECRETS.filter((n) => n.name.test(named.name));
    const generic = isSecretName(named.name);
    if (vendor.length === 0 && !generic) return DONE;
    const v = valueOf(text, named, final);
    if (v === null) {
      if (!/^password$/i.test(named.name)) return DONE;
      const literal = sqlLiteral(text, named.end, final);
      if (literal === null) return DONE;
      if (typeof literal === "number") return literal;
      if (!isPlaceholder(text.slice(literal.start, literal.end))) out.push({ rule: sqlPassword, ...literal });
      return DONE;
    }
    if (typeof v === "number") return v;
    const value = text.slice(v.start, v.end);
    if (isPlaceholder(value)) return DONE;
    const rule = vendor.find((n) => n.value.test(value))?.rule ?? (generic ? genericSecretAssignment : null);
    if (rule !== null) out.push({ rule, start: v.start, end: v.end });
    return DONE;
  },
};

/** The content of the string quoted by `quote` starting at `i` (just after its opening quote). */
function stringEnd(text: string, i: number, limit: number, quote: number): number {
  const stop = Math.min(text.length, i + limit);
  for (; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === quote) return i;
    else if (c === 0x0a) return -1;
  }
  return i >= text.length ? text.length : -1;
}

// JSON, or a Python dict's repr (a key file loaded and printed in a traceback).
const PRIVATE_KEY_FIELD = /(["'])private_key\1[ \t]*:[ \t]*\1/y;

export const gcpServiceAccountKey: Rule = {
  id: "gcp-service-account-key",
  family: "gcp",
  label: "gcp-sa",
  description: "private_key of a Google Cloud service-account JSON key file",
  priority: 1,
  keywords: ['"private_key"', "'private_key'"],
  group: 1,
  scan(text, hit, final, out) {
    PRIVATE_KEY_FIELD.lastIndex = hit;
    if (!PRIVATE_KEY_FIELD.test(text)) {
      return !final && /^(["'])private_key\1[ \t]*:?[ \t]*$/.test(text.slice(hit)) ? text.length : DONE;
    }
    const start = PRIVATE_KEY_FIELD.lastIndex;
    const end = stringEnd(text, start, MAX_SPAN, text.charCodeAt(hit));
    if (end === -1) return DONE;
    if (end === text.length) return final ? DONE : start; // at the very end the PEM rule still covers the key
    if (text.startsWith("-----BEGIN", start)) out.push({ rule: gcpServiceAccountKey, start, end });
    return DONE;
  },
};

const SCHEME = charSet("A-Za-z0-9+.-");
/** Matches `literal`, or any beginning of it that the end of the text cuts short. */
function literalOrCut(literal: string): string {
  let source = "";
  for (let i = literal.length - 1; i >= 0; i--) source = `${literal[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?:${source}|$)`;
  return source;
}

// A URL is worth reading when its authority holds an @ (or is still arriving), or when it is a
// Slack webhook (or may still become one).
const URL_GUARDS = {
  "://": String.raw`(?=[^\x00-\x20/?#"'<>${"`"}\\\x7f@]*(?:@|$)|${literalOrCut("hooks.slack.com/services/")})`,
};
// The authority of a URL runs up to the path, query, fragment, a blank or a quote.
const AUTHORITY_END = charSet("\x00- /?#\"'<>`\\\x7f");

export const urlPassword: Rule = {
  id: "url-password",
  family: "url",
  label: "url-pass",
  description: "password (or bare token) in the userinfo of a database, broker or HTTP basic-auth URL",
  priority: 5,
  keywords: ["://"],
  group: 1,
  guards: URL_GUARDS,
  scan(text, hit, final, out) {
    const schemeStart = runStart(text, hit, SCHEME, 32);
    if (schemeStart === hit || !/[A-Za-z]/.test(text[schemeStart])) return DONE;
    const from = hit + 3;
    const limit = Math.min(text.length, from + 1024);
    let end = from;
    while (end < limit && !inSet(AUTHORITY_END, text.charCodeAt(end))) end++;
    if (end === text.length && !final) {
      // The authority is still arriving: hold what may become a password (or a bare token).
      const colon = text.indexOf(":", from);
      return colon >= 0 ? colon + 1 : from;
    }
    let at = -1;
    for (let i = from; i < end; i++) if (text.charCodeAt(i) === 0x40) at = i; // the last @ ends the userinfo
    if (at === -1) return DONE;
    const colon = text.indexOf(":", from);
    if (colon >= 0 && colon < at) {
      const value = text.slice(colon + 1, at);
      if (!isPlaceholder(value) && !/^password$/i.test(value)) out.push({ rule: urlPassword, start: colon + 1, end: at });
    } else if (/^[A-Za-z0-9_-]{20,}$/.test(text.slice(from, at))) {
      out.push({ rule: urlPassword, start: from, end: at }); // https://TOKEN@host
    }
    return DONE;
  },
};

const CREDENTIAL_CHARS = charSet("A-Za-z0-9._~+/=-");
const MAX_CREDENTIAL = 4096; // longer credentials are masked up to here
const AUTHORIZATION = /authorization["']?[ \t]*[:=][ \t]*["']?$/i;

export const httpAuthorization: Rule = {
  id: "http-authorization",
  family: "auth-header",
  label: "auth",
  description: "credentials of an Authorization: Bearer or Basic header (HTTP traces, curl -v), or a bare Bearer token",
  priority: 5,
  keywords: ["Bearer", "bearer", "BEARER", "Basic", "basic", "BASIC"],
  group: 0,
  scan(text, hit, final, out: Candidate[]) {
    if (!tokenStartsAt(text, hit, ALNUM)) return DONE;
    const bearer = text[hit + 1] === "e" || text[hit + 1] === "E";
    let i = hit + (bearer ? 6 : 5);
    if (i < text.length && text[i] !== " " && text[i] !== "\t") return DONE;
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
    if (i === text.length) return final ? DONE : text.length;
    const end = runEnd(text, i, CREDENTIAL_CHARS, MAX_CREDENTIAL);
    if (end === text.length && !final && end - i < MAX_CREDENTIAL) return i;
    const credential = text.slice(i, end);
    const inHeader = AUTHORIZATION.test(text.slice(Math.max(0, hit - 64), hit));
    // Outside a header, "Bearer" is also an English word: demand a token-like credential.
    const ok =
      credential.length >= MAX_CREDENTIAL ||
      (bearer ? credential.length >= (inHeader ? 8 : 16) && (inHeader || /[0-9]/.test(credential)) : credential.length >= 8 && basicDecodes(credential));
    if (ok) out.push({ rule: httpAuthorization, start: i, end });
    return DONE;
  },
};

/** Basic credentials are base64 of `user:password`. */
function basicDecodes(credential: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) return false;
  const decoded = Buffer.from(credential, "base64").toString("latin1");
  return decoded.includes(":") && /^[\x20-\x7e\u00a0-\u00ff]+$/.test(decoded);
}

const WEBHOOK_PATH = charSet("A-Za-z0-9/");
const WEBHOOK_HOST = "://hooks.slack.com/services/";

export const slackWebhook: Rule = {
  id: "slack-webhook",
  family: "slack",
  label: "slack-hook",
  description: "Slack incoming-webhook URL path (hooks.slack.com/services/T…/B…/…)",
  priority: 2,
  keywords: ["://"],
  group: 1,
  guards: URL_GUARDS,
  scan(text, hit, final, out) {
    if (!text.startsWith(WEBHOOK_HOST, hit)) {
      return !final && text.length - hit < WEBHOOK_HOST.length && WEBHOOK_HOST.startsWith(text.slice(hit)) ? hit : DONE;
    }
    const start = hit + WEBHOOK_HOST.length;
    const end = runEnd(text, start, WEBHOOK_PATH, 128);
    if (end === text.length && !final) return end - start < 128 ? start : DONE;
    if (/^T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}$/.test(text.slice(start, end))) out.push({ rule: slackWebhook, start, end });
    return DONE;
  },
};

// MySQL and Oracle: `IDENTIFIED BY 'x'`, also `IDENTIFIED WITH plugin BY 'x'`.
const IDENTIFIED = /identified\b[^;'\n]{0,64}$/i;

export const sqlIdentifiedBy: Rule = {
  ...sqlPassword,
  // The quote may be escaped, in a Python repr or a shell string.
  keywords: [" BY '", " by '", ' BY "', ' by "', " BY \\'", " by \\'"],
  group: 1,
  scan(text, hit, final, out) {
    if (!IDENTIFIED.test(text.slice(Math.max(0, hit - 80), hit))) return DONE;
    const escaped = text[hit + 4] === "\\";
    const quote = escaped ? "\\'" : text[hit + 4];
    const start = hit + 4 + quote.length;
    for (let i = start; i < Math.min(text.length, start + 1024); i++) {
      const c = text[i];
      if (c === "\n" || c === "\r") break;
      if (text.startsWith(quote, i)) {
        if (i + quote.length >= text.length && !final) return start; // '' or the end of the literal
        if (!escaped && text[i + 1] === quote) {
          i++;
          continue;
        }
        if (i > start && !isPlaceholder(text.slice(start, i))) out.push({ rule: sqlPassword, start, end: i });
        return DONE;
      }
    }
    return final || text.length - start >= 1024 ? DONE : start;
  },
};
