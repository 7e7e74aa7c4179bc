// Kubernetes Secrets as `kubectl get secret -o yaml` prints them: every value under `data:` is
// base64. A value is masked when its key looks secret (password, token, tls.key, …) or when its
// decoded text holds a secret that any rule finds.
import { isSecretName } from "./assignment";
import { DONE, MAX_SPAN, type Candidate, type Rule } from "./rule";

const ENTRY = /^([ \t]+)([A-Za-z0-9_.-]+):[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*\r?$/;
const PARTIAL_ENTRY = /^[ \t]*(?:[A-Za-z0-9_.-]+(?::(?:[ \t]+[A-Za-z0-9+/]*={0,2})?)?)?$/;
const SECRET_KEY = /^(?:tls\.key|ssh-privatekey|\.dockerconfigjson|\.dockercfg|.+\.(?:pem|key|p12|pfx|jks))$/;
const MAX_ENTRIES = 1000;

function holdsSecret(value: string, rescan: (text: string) => Candidate[]): boolean {
  if (value.length < 8) return false;
  return rescan(Buffer.from(value, "base64").toString("utf8")).length > 0;
}

export const kubernetesSecretData: Rule = {
  id: "k8s-secret-data",
  family: "kubernetes",
  label: "k8s",
  description: "base64 value under a Kubernetes Secret's data: with a secret-looking key, or whose decoded text holds a secret",
  priority: 4,
  // The line break after "data:" (searching for "data:" itself, with its common first letter,
  // would cost every byte of output more than these rare hits cost).
  keywords: [":\n", ":\r\n"],
  group: 1,
  scan(text, hit, final, out, ctx) {
    const data = hit - 4;
    if (data < 0 || !text.startsWith("data", data)) return DONE;
    const lineStart = text.lastIndexOf("\n", data - 1) + 1;
    // `data:`, or `- data:` in a list, indented at most 64 columns (rules look back boundedly).
    if (data - lineStart > 64 || !/^[ \t]*(?:- )?$/.test(text.slice(lineStart, data))) return DONE;
    const indent = data - lineStart;
    let pos = text.indexOf("\n", hit) + 1;
    for (let entries = 0; entries < MAX_ENTRIES; entries++) {
      if (pos === text.length) return final ? DONE : text.length;
      const next = text.indexOf("\n", pos);
      const line = text.slice(pos, next === -1 ? text.length : next);
      if (next === -1 && !final) return line.length < MAX_SPAN && PARTIAL_ENTRY.test(line) ? pos : DONE;
      const m = ENTRY.exec(line);
      if (m === null || m[1].length <= indent) return DONE;
      const [, lead, key, value] = m;
      if (isSecretName(key) || SECRET_KEY.test(key) || holdsSecret(value, ctx.rescan)) {
        const start = pos + lead.length + key.length + line.slice(lead.length + key.length).indexOf(value);
        out.push({ rule: kubernetesSecretData, start, end: start + value.length });
      }
      if (next === -1) return DONE;
      pos = next + 1;
    }
    return DONE;
  },
};
