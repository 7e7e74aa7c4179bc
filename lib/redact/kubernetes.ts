// Kubernetes Secrets as kubectl prints them: every value under `data:` (YAML) or `"data": {`
// (JSON) is base64. A value is masked when its key looks secret (password, token, tls.key, …)
// or when its decoded text holds a secret that any rule finds. The YAML may sit behind a line
// prefix and before a right border, as a manifest shown in a psql cell or a box.
import { isSecretName } from "./assignment";
import { DONE, MAX_SPAN, type Candidate, type Rule, type ScanContext } from "./rule";

const ENTRY = /^([ \t]+)([A-Za-z0-9_.-]+):[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*\r?$/;
const PARTIAL_ENTRY = /^[ \t]*(?:[A-Za-z0-9_.-]+(?::(?:[ \t]+[A-Za-z0-9+/]*={0,2})?)?)?$/;
const SECRET_KEY = /^(?:tls\.key|ssh-privatekey|\.dockerconfigjson|\.dockercfg|.+\.(?:pem|key|p12|pfx|jks))$/;
const MAX_ENTRIES = 1000;
// What may stand before `data:` on its line: indentation, a list dash, or a prefix ending in a
// border (`    | `, `│ `, `> `, `# `).
const DATA_LEAD = /^(?:[^\n]*[|│┃║>#][ \t]?)?([ \t]*)(?:- )?$/;
const RIGHT_BORDER = /[ \t]*[+|│┃║]?[ \t]*\r?$/;

function holdsSecret(value: string, rescan: (text: string) => Candidate[]): boolean {
  if (value.length < 8) return false;
  return rescan(Buffer.from(value, "base64").toString("utf8")).length > 0;
}

function secretEntry(key: string, value: string, ctx: ScanContext): boolean {
  return isSecretName(key) || SECRET_KEY.test(key) || holdsSecret(value, ctx.rescan);
}

/** The YAML form: `data:` then indented `key: base64` lines. */
function scanYaml(text: string, hit: number, final: boolean, out: Candidate[], ctx: ScanContext): number {
  const data = hit;
  if (text.indexOf("\n", hit) === -1) return final ? DONE : hit;
  const lineStart = text.lastIndexOf("\n", data - 1) + 1;
  // Rules look back boundedly: `data:` sits at most 64 columns into its line.
  const lead = DATA_LEAD.exec(text.slice(lineStart, data));
  if (data - lineStart > 64 || lead === null) return DONE;
  // Entry lines share the prefix before `data:`'s own indentation, and their indentation is deeper.
  const prefix = data - lineStart - lead[1].length - (text.slice(lineStart, data).endsWith("- ") ? 2 : 0);
  const indent = data - lineStart - prefix;
  let pos = text.indexOf("\n", hit) + 1;
  for (let entries = 0; entries < MAX_ENTRIES; entries++) {
    if (pos === text.length) return final ? DONE : text.length;
    const next = text.indexOf("\n", pos);
    const full = text.slice(pos, next === -1 ? text.length : next);
    if (next === -1 && !final) return full.length < MAX_SPAN && PARTIAL_ENTRY.test(full.slice(prefix).replace(RIGHT_BORDER, "")) ? pos : DONE;
    const line = full.slice(prefix).replace(RIGHT_BORDER, "");
    const m = ENTRY.exec(line);
    if (m === null || m[1].length <= indent) return DONE;
    const [, lead2, key, value] = m;
    if (secretEntry(key, value, ctx)) {
      const start = pos + prefix + lead2.length + key.length + line.slice(lead2.length + key.length).indexOf(value);
      out.push({ rule: kubernetesSecretData, start, end: start + value.length });
    }
    if (next === -1) return DONE;
    pos = next + 1;
  }
  return DONE;
}

const JSON_OPEN = /"data"[ \t\r\n]*:[ \t\r\n]*\{/y;
const JSON_ENTRY = /[ \t\r\n]*"([A-Za-z0-9_.-]+)"[ \t\r\n]*:[ \t\r\n]*"([A-Za-z0-9+/]*={0,2})"[ \t\r\n]*([,}])/y;

/** The JSON form: `"data": {"key": "base64", …}`. Values must be padded base64, as Kubernetes writes them. */
function scanJson(text: string, hit: number, final: boolean, out: Candidate[], ctx: ScanContext): number {
  JSON_OPEN.lastIndex = hit;
  if (!JSON_OPEN.test(text)) return !final && text.length - hit < 64 && /^"data"[ \t\r\n]*:?[ \t\r\n]*$/.test(text.slice(hit)) ? hit : DONE;
  let pos = JSON_OPEN.lastIndex;
  for (let entries = 0; entries < MAX_ENTRIES; entries++) {
    JSON_ENTRY.lastIndex = pos;
    const m = JSON_ENTRY.exec(text);
    if (m === null) return !final && text.length - pos < MAX_SPAN && /^[\s"A-Za-z0-9_.:+/=-]*$/.test(text.slice(pos)) ? hit : DONE;
    const [whole, key, value, close] = m;
    if (value.length % 4 === 0 && value.length >= 4 && secretEntry(key, value, ctx)) {
      const start = pos + whole.indexOf(`"${value}"`, whole.indexOf(":")) + 1;
      out.push({ rule: kubernetesSecretData, start, end: start + value.length });
    }
    if (close === "}") return DONE;
    pos = JSON_ENTRY.lastIndex;
  }
  return DONE;
}

export const kubernetesSecretData: Rule = {
  id: "k8s-secret-data",
  family: "kubernetes",
  label: "k8s",
  description: "base64 value under a Kubernetes Secret's data (YAML or JSON) with a secret-looking key, or whose decoded text holds a secret",
  priority: 4,
  // `data:` ending its line (a right border may follow), and JSON's quoted key.
  keywords: ["data:", '"data"'],
  guards: { "data:": String.raw`(?=[ \t]*(?:[+|│┃║][ \t]*)?(?:\r?\n|\r?$))` },
  group: 1,
  scan(text, hit, final, out, ctx) {
    return text[hit] === '"' ? scanJson(text, hit, final, out, ctx) : scanYaml(text, hit, final, out, ctx);
  },
};
