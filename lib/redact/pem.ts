// Private keys in PEM armour (PKCS#1 RSA, SEC1 EC, DSA, OpenSSH, PKCS#8 plain and encrypted,
// PGP). The whole block is the secret, BEGIN and END lines included; the mask keeps its line
// breaks. Lines may end in \n, \r\n, or the two characters \n of a JSON string.
import { DONE, MAX_SPAN, type Rule } from "./rule";

const HEAD = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/y;
const HEAD_PREFIX = /^-----BEGIN(?: [A-Z0-9 ]*-{0,4})?$/;
// Body lines: RFC 1421 headers (Proc-Type, DEK-Info), base64, and blank lines between them.
// A line may also end the text, or be followed by a line break cut short by the chunk's end.
const BODY = /(?:(?:\r?\n|\\r\\n|\\n)(?:[A-Za-z][A-Za-z0-9-]*: [^\r\n\\]*|[A-Za-z0-9+/=]*)(?=\r?\n|\\r\\n|\\n|(?:\r|\\(?:r\\?)?)?$))*/y;
const BREAK = /\r?\n|\\r\\n|\\n/y;

export const pemPrivateKey: Rule = {
  id: "pem-private-key",
  family: "pem",
  label: "pem",
  description: "PEM private key block (RSA, EC, DSA, OPENSSH, PKCS#8, ENCRYPTED, PGP), multi-line or JSON-escaped",
  priority: 1,
  keywords: ["-----BEGIN"],
  group: 1,
  prefixes: ["-----BEGIN"],
  scan(text, hit, final, out) {
    HEAD.lastIndex = hit;
    const head = HEAD.exec(text);
    if (head === null) return !final && HEAD_PREFIX.test(text.slice(hit, hit + 64)) && text.length - hit < 64 ? hit : DONE;
    BODY.lastIndex = HEAD.lastIndex;
    BODY.exec(text);
    const bodyEnd = BODY.lastIndex;
    if (bodyEnd - hit > MAX_SPAN) {
      out.push({ rule: pemPrivateKey, start: hit, end: bodyEnd });
      return DONE;
    }
    if (bodyEnd === text.length) {
      if (!final) return hit;
      out.push({ rule: pemPrivateKey, start: hit, end: bodyEnd });
      return DONE;
    }
    const end = `-----END ${head[1]}-----`;
    BREAK.lastIndex = bodyEnd;
    const brk = BREAK.exec(text);
    const markerAt = brk === null ? bodyEnd : BREAK.lastIndex;
    if (brk !== null && text.startsWith(end, markerAt)) {
      out.push({ rule: pemPrivateKey, start: hit, end: markerAt + end.length });
      return DONE;
    }
    // The END line (or the break before it) may still be arriving.
    const rest = text.slice(bodyEnd);
    if (!final && ["\n", "\r\n", "\\n", "\\r\\n"].some((b) => (b + end).startsWith(rest))) return hit;
    // A truncated block (head -5 key.pem): mask what was shown.
    out.push({ rule: pemPrivateKey, start: hit, end: bodyEnd });
    return DONE;
  },
};
