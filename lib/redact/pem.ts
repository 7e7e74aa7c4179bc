// Private keys in PEM armour (PKCS#1 RSA, SEC1 EC, DSA, OpenSSH, PKCS#8 plain and encrypted,
// PGP). The whole block is the secret, BEGIN and END lines included; the mask keeps its line
// breaks. Lines may end in \n, \r\n, or the two characters \n of a JSON string.
import { DONE, MAX_SPAN, type Candidate, type Rule } from "./rule";

const HEAD = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/y;
const HEAD_PREFIX = /^-----BEGIN(?: [A-Z0-9 ]*-{0,4})?$/;
// Body lines: RFC 1421 headers (Proc-Type, DEK-Info), base64, and blank lines between them.
// A line may also end the text, or be followed by a line break cut short by the chunk's end.
const BODY = /(?:(?:\r?\n|\\r\\n|\\n)(?:[A-Za-z][A-Za-z0-9-]*: [^\r\n\\]*|[A-Za-z0-9+/=]*)(?=\r?\n|\\r\\n|\\n|(?:\r|\\(?:r\\?)?)?$))*/y;
const BREAK = /\r?\n|\\r\\n|\\n/y;

// A block laid out behind a line prefix (indentation, a table's border, `> `, `# `, a log
// timestamp) and before a right border (psql's `+`, a box's `│`).
const PREFIX_CHARS = /^[\s|│┃║+>#*\-\d:.TZ[\]]*$/;
const RIGHT_BORDER = /^([ \t]*)([+|│┃║])[ \t]*\r?$/;
const BODY_LINE = /^(?:[A-Za-z][A-Za-z0-9-]*: .*|[A-Za-z0-9+/=]*)$/;

/**
 * A block whose lines sit behind a prefix of `width` characters (the BEGIN line's) and, when the
 * BEGIN line has one, before a right border at the same column: candidates for each line's
 * content, or a hold offset, or null when the block is not laid out so.
 */
function laidOut(text: string, hit: number, headEnd: string, final: boolean, out: Candidate[]): number | null {
  const lineStart = text.lastIndexOf("\n", hit - 1) + 1;
  const width = hit - lineStart;
  const headLineEnd = text.indexOf("\n", hit);
  if (headLineEnd === -1) return final ? null : hit;
  const afterHead = text.slice(hit + headEnd.length, headLineEnd);
  const border = RIGHT_BORDER.exec(afterHead);
  if (width === 0 && border === null) return null;
  if (!PREFIX_CHARS.test(text.slice(lineStart, hit))) return null;
  const column = border === null ? -1 : hit + headEnd.length + border[1].length - lineStart;
  const end = `-----END ${headEnd.slice("-----BEGIN ".length)}`;
  const ranges: [number, number][] = [[hit, hit + headEnd.length]];
  let pos = headLineEnd + 1;
  for (let lines = 0; lines < 512 && pos - hit < MAX_SPAN; lines++) {
    const next = text.indexOf("\n", pos);
    if (next === -1 && !final) return hit;
    const line = text.slice(pos, next === -1 ? text.length : next).replace(/\r$/, "");
    if (line.length < width || !PREFIX_CHARS.test(line.slice(0, width))) break;
    const content = (column >= 0 ? line.slice(width, column) : line.slice(width)).trimEnd();
    if (content.startsWith(end)) {
      ranges.push([pos + width, pos + width + end.length]);
      const group = {};
      for (const [s, e] of ranges) out.push({ rule: pemPrivateKey, start: s, end: e, group });
      return DONE;
    }
    if (!BODY_LINE.test(content)) break;
    if (content.length > 0) ranges.push([pos + width, pos + width + content.length]);
    if (next === -1) break;
    pos = next + 1;
  }
  // Cut short (head -5 key.pem): mask what was shown.
  const group = {};
  for (const [s, e] of ranges) out.push({ rule: pemPrivateKey, start: s, end: e, group });
  return DONE;
}

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
    const layout = laidOut(text, hit, head[0], final, out);
    if (layout !== null) return layout;
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
